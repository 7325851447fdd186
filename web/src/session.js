// The signed-in account, shared by every page.
import { reactive } from 'vue';
import { api, setCsrf } from './api.js';

// When the network does not answer, the account is the one last seen signed
// in on this browser, kept so that the checkpoint page opens on the road (the
// server, when it answers again, still decides every request).
export const session = reactive({ account: null, loaded: false });

const KEPT = 'fugong.account';

function kept() {
  try { return JSON.parse(localStorage.getItem(KEPT) || 'null'); } catch { return null; }
}

async function fetchAccount() {
  if (!navigator.onLine) return kept();   // nobody to ask
  try {
    const { csrf, ...account } = await api('GET', '/api/v1/auth/me');
    setCsrf(csrf);
    localStorage.setItem(KEPT, JSON.stringify(account));
    return account;
  } catch (e) {
    // "Not signed in" forgets the account; no answer (or a gateway's) keeps it.
    if (e.status !== 401) return kept();
    localStorage.removeItem(KEPT);
    return null;
  }
}

export async function loadSession() {
  session.account = await fetchAccount();
  session.loaded = true;
  return session.account;
}

export async function signIn(username, password) {
  localStorage.removeItem(KEPT);   // whoever was kept, this is someone else's sign-in
  const r = await api('POST', '/api/v1/auth/login', { username, password });
  setCsrf(r?.csrf);
  return loadSession();
}

export async function signOut() {
  localStorage.removeItem(KEPT);
  try { await api('POST', '/api/v1/auth/logout'); } finally { session.account = null; setCsrf(''); }
}

export const can = (permission) => !!session.account?.permissions?.includes(permission);

// What awaits the account (orders at its steps, resumption applications it
// decides), for the counts in the navigation; refreshed by pages after acting.
export const awaiting = reactive({ orders: 0, overdue: 0, resumptions: 0 });

export async function refreshAwaiting() {
  if (!can('order.read') || session.account?.region === null || session.account?.region === undefined) return;
  try {
    const r = await api('GET', '/api/v1/orders/awaiting');
    Object.assign(awaiting, r.counts);
  } catch { /* the counts stay as they were */ }
}
