// Starts the app: registers the service worker (offline shell) and runs the content-hashed WebAssembly bundle.
// `cargo xtask build` replaces the import path below with the hashed file name.
import init from '__APP_JS__';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err) => {
    console.warn('service worker registration failed; the app will not work offline', err);
  });
}

init().catch((err) => {
  console.error('the app failed to start', err);
  document.body.textContent = 'The checkout could not start. Reload the page; if it keeps failing, contact support.';
});
