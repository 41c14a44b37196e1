// The checkout's invoice page: shows the invoice's status until it is no longer unpaid (the status URL is on the
// #InvoiceStatus element), and pays it with the mock wallet without leaving the page.
(function () {
    const status = document.getElementById("InvoiceStatus");
    if (!status) return;
    const url = status.dataset.statusUrl;
    const form = document.getElementById("PayWithMockForm");
    if (form) form.addEventListener("submit", function (event) {
        event.preventDefault();
        fetch(form.action, { method: "POST", body: new FormData(form) });
    });
    function show(value) {
        status.textContent = value;
        status.dataset.status = value;
        // Once the invoice is settled or gone there is nothing left to pay.
        if (form && value !== "Unpaid") form.hidden = true;
    }
    async function poll() {
        if (status.dataset.status !== "Unpaid") return;
        try {
            const response = await fetch(url, { cache: "no-store" });
            if (response.ok) show((await response.json()).status);
        } finally {
            if (status.dataset.status === "Unpaid") setTimeout(poll, 1000);
        }
    }
    poll();
})();
