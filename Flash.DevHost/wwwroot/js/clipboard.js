// As BTCPay's pages do: a click on any [data-clipboard] element copies its value. A file of the site's own, so it
// runs under BTCPay's policy (script-src 'self'), which blocks inline scripts.
document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-clipboard]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.clipboard).then(function () {
        const label = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1500);
    });
});
