// Registers the service worker (core/webapp.py) that shows the offline page when the network is down.
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    const link = document.querySelector("link[rel=manifest]");
    const worker = link && link.dataset.serviceWorker;
    if (worker) navigator.serviceWorker.register(worker, { scope: "/" }).catch(() => {});
  });
}
