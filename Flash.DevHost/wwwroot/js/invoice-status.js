// The checkout's page: polls the checkout (its status URL is on #InvoiceStatus) until it is no longer unpaid, shows
// the BOLT11 and QR code it has now (the plugin renews them when Flash's short invoices expire), and pays it with the
// mock wallet without leaving the page.
(function () {
    const status = document.getElementById("InvoiceStatus");
    if (!status) return;
    const url = status.dataset.statusUrl;
    const bolt11 = document.getElementById("Bolt11");
    const copy = document.getElementById("CopyBolt11");
    const qr = document.getElementById("InvoiceQr");
    const form = document.getElementById("PayWithMockForm");
    if (form) form.addEventListener("submit", function (event) {
        event.preventDefault();
        fetch(form.action, { method: "POST", body: new FormData(form) });
    });
    function show(checkout) {
        status.textContent = checkout.status;
        status.dataset.status = checkout.status;
        if (checkout.bolt11 && bolt11.value !== checkout.bolt11) {
            bolt11.value = checkout.bolt11;
            copy.dataset.clipboard = checkout.bolt11;
            qr.src = checkout.qr;
        }
        // Once the checkout is paid or expired there is nothing left to pay.
        if (form && checkout.status !== "Unpaid") form.hidden = true;
    }
    async function poll() {
        if (status.dataset.status !== "Unpaid") return;
        try {
            const response = await fetch(url, { cache: "no-store" });
            if (response.ok) show(await response.json());
        } finally {
            if (status.dataset.status === "Unpaid") setTimeout(poll, 1000);
        }
    }
    poll();
})();
