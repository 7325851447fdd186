// Keeps the checkpoint page for use with no network: registers the service
// worker that web/vite.config.js builds into dist/sw.js (the production build
// only; the dev server has none), with the scope /checkpoint so that no other
// page is under it, and asks at each visit online for the worker of a new
// build. `offline.ready` says when the worker is active, i.e. when
// the page will open with no network; `offline.installable` when the browser
// offers to add the application to the home screen (install() asks it to).
import { reactive } from 'vue';

export const offline = reactive({ ready: false, installable: false });
let prompt = null;

window.addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();   // offered by the page's own button, not over it
  prompt = e;
  offline.installable = true;
});
window.addEventListener('appinstalled', () => { prompt = null; offline.installable = false; });

export async function install() {
  if (!prompt) return;
  const p = prompt;
  prompt = null;
  offline.installable = false;
  await p.prompt();
}

export async function keepForOffline() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let reg;
  try {
    reg = await navigator.serviceWorker.register('/sw.js', { scope: '/checkpoint' });
  } catch {
    return;   // no worker (a private window, a browser that refuses it): the page works online as before
  }
  // Each visit online asks whether a deploy brought a new worker (the
  // browser's own check after a navigation may wait up to a day).
  if (reg.active && navigator.onLine) reg.update().catch(() => {});
  const seen = () => { offline.ready = reg.active?.state === 'activated'; };
  const watch = (w) => w?.addEventListener('statechange', seen);
  [reg.installing, reg.waiting, reg.active].forEach(watch);
  reg.addEventListener('updatefound', () => watch(reg.installing));
  seen();
}
