// Service worker: keeps the app shell in a versioned cache so the checkout loads and sells with no network.
// `cargo xtask build` stamps the version (a hash of the site) and the list of files to precache: both wasm
// bundles (checkout and back office) and their lazily loaded modules (`pkg/<bundle>/`), so either page and every
// screen opens offline.
// The server sends files brotli- or gzip-compressed with `Vary: Accept-Encoding`; the cache holds them decoded,
// and the same for every encoding, so lookups ignore Vary.
//
// An update takes over at once (new pages load the new version), but the tabs open at that moment still run the
// old one: the old version's caches stay, and serve their files, until none of those tabs is left.
const VERSION = '__CACHE_VERSION__';
const CACHE = `pos-shell-${VERSION}`;
const PRECACHE = ['__PRECACHE__'];
// Which tabs ran an older version when this one took over (a cache entry: the worker may be stopped between
// events).
const META = 'pos-meta';
const OLD_TABS = '/__old-tabs__';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      .then((tabs) => caches.open(META).then((meta) => meta.put(OLD_TABS, Response.json(tabs.map((t) => t.id)))))
      .then(() => self.clients.claim())
      .then(dropOldVersions),
  );
});

// Delete the older versions' caches once no tab that ran them is open any more.
async function dropOldVersions() {
  const meta = await caches.open(META);
  const stored = await meta.match(OLD_TABS);
  const ids = stored ? await stored.json() : [];
  const open = await Promise.all(ids.map((id) => self.clients.get(id)));
  if (open.some((tab) => tab)) return;
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith('pos-shell-') && k !== CACHE).map((k) => caches.delete(k)));
  await meta.delete(OLD_TABS);
}

// This version's file, else an older version's (a tab still running it), else the network.
async function cached(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreVary: true })) || caches.match(request, { ignoreVary: true });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API is never cached: the app keeps its own data in IndexedDB and syncs through the outbox.
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  event.waitUntil(dropOldVersions());

  if (request.mode === 'navigate') {
    // Every page of the app is the same shell (boot.js picks the bundle from the address).
    event.respondWith(
      caches.open(CACHE)
        .then((cache) => cache.match('/', { ignoreVary: true }))
        .then((shell) => shell || fetch(request)),
    );
    return;
  }
  event.respondWith(
    cached(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok && url.pathname.startsWith('/pkg/')) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })),
  );
});
