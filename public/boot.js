// Starts the app: registers the service worker (offline shell) and runs one of the site's two content-hashed
// WebAssembly bundles: the checkout's, or the back office's when the address asks for it (`/?office`). The
// checkout's page never downloads the back office. `cargo xtask build` replaces the four paths below.
const office = new URLSearchParams(window.location.search).has('office');
const [js, wasm] = office
  ? ['__OFFICE_JS__', '__OFFICE_WASM__']
  : ['__APP_JS__', '__APP_WASM__'];

// Registered once the app runs, so the worker's precaching (every file of the site, the lazily loaded screens
// included) does not compete with the first load.
function registerWorker() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => {
      console.warn('service worker registration failed; the app will not work offline', err);
    });
  }
}

import(js)
  .then((module) => module.default({ module_or_path: wasm }))
  .then(registerWorker)
  .catch((err) => {
    console.error('the app failed to start', err);
    document.body.textContent = 'The checkout could not start. Reload the page; if it keeps failing, contact support.';
  });
