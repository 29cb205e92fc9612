// Service worker: keeps the app shell in a versioned cache so the checkout loads and sells with no network.
// `cargo xtask build` stamps the version (a hash of the site) and the list of files to precache.
// The server sends files brotli- or gzip-compressed with `Vary: Accept-Encoding`; the cache holds them decoded,
// and the same for every encoding, so lookups ignore Vary.
const VERSION = '__CACHE_VERSION__';
const CACHE = `pos-shell-${VERSION}`;
const PRECACHE = ['__PRECACHE__'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pos-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API is never cached: the app keeps its own data in IndexedDB and syncs through the outbox.
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;

  if (request.mode === 'navigate') {
    // Every page of the app is the same shell.
    event.respondWith(
      caches.open(CACHE)
        .then((cache) => cache.match('/', { ignoreVary: true }))
        .then((cached) => cached || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreVary: true }).then((cached) => cached || fetch(request).then((response) => {
        if (response.ok && url.pathname.startsWith('/pkg/')) cache.put(request, response.clone());
        return response;
      })),
    ),
  );
});
