// The signed-in account, shared by every page.
import { reactive } from 'vue';
import { api } from './api.js';

export const session = reactive({ account: null, loaded: false });

export async function loadSession() {
  try {
    session.account = await api('GET', '/api/v1/auth/me');
  } catch {
    session.account = null;
  }
  session.loaded = true;
  return session.account;
}

export async function signIn(username, password) {
  await api('POST', '/api/v1/auth/login', { username, password });
  return loadSession();
}

export async function signOut() {
  try { await api('POST', '/api/v1/auth/logout'); } finally { session.account = null; }
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
