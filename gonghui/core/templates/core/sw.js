// 工会工作台 service worker: shows the offline page when the network is down.
// It caches only that page and its files, never a page behind the login.
const CACHE = "{{ version }}";
const OFFLINE_URL = "{{ offline_url|escapejs }}";
const PRECACHE = [OFFLINE_URL{% for url in assets %}, "{{ url|escapejs }}"{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    // Pages always come from the network; only when it fails does the cached offline page answer.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  const path = new URL(request.url).pathname;
  if (PRECACHE.includes(path)) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
});
