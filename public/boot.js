// Starts the app: registers the service worker (offline shell) and runs the content-hashed WebAssembly bundle.
// `cargo xtask build` replaces the two paths below with the content-hashed file names.
import init from '__APP_JS__';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => {
    console.warn('service worker registration failed; the app will not work offline', err);
  });
}

init({ module_or_path: '__APP_WASM__' }).catch((err) => {
  console.error('the app failed to start', err);
  document.body.textContent = 'The checkout could not start. Reload the page; if it keeps failing, contact support.';
});
