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
