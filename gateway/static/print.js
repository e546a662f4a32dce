// The print button of receipts, letters and documents; a file of its own because the CSP forbids inline scripts.
document.getElementById("print")?.addEventListener("click", () => window.print());
