// The sign-in sheet's print button (no inline script: the CSP forbids it).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) window.print();
});
