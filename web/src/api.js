// The API client: same-origin cookie session, the session's CSRF token on every write,
// problem+json turned into an Error carrying status, code, params and field,
// whose message is the problem in the user's language (problems/index.js).
import { i18n } from './i18n.js';
import { problemText } from './problems/index.js';

export function problemMessage(status, problem) {
  const locale = i18n.global.locale.value;
  return problemText(problem, locale)
    || (locale === 'zh-CN' || !problem?.detail ? i18n.global.t('errors.status', { status }) : problem.detail);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problemMessage(status, problem));
    this.status = status;
    this.code = problem?.code || '';
    this.params = problem?.params || {};
    this.field = problem?.field || '';
    this.problem = problem;
  }
}

// The session's CSRF token (sign-in and /auth/me give it; a write made with
// the session cookie carries it, and the server compares it to the session's).
let csrf = '';
export function setCsrf(token) { csrf = token || ''; }
export const csrfHeader = () => ({ 'X-Fugong-CSRF': csrf });

// Requests in flight and requests ever started, on window: the browser tests
// wait for both to stand still (tests/e2e/browser.mjs, settle) instead of for
// half a second of network silence. `metered` runs one request so counted.
const meter = typeof window === 'undefined' ? {} : window;
meter.__fgPending = 0;
meter.__fgStarted = 0;
export async function metered(request) {
  meter.__fgPending++;
  meter.__fgStarted++;
  try { return await request(); } finally { meter.__fgPending--; }
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, csrfHeader());
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return metered(async () => {
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return { res, data: null };
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    return { res, data };
  });
}

// Fetches the session's CSRF token again (a page opened offline, with the
// account it kept, has none until the network answers).
export async function refreshCsrf() {
  const { res, data } = await send('GET', '/api/v1/auth/me');
  if (res.ok) setCsrf(data?.csrf);
  return res.ok;
}

export async function api(method, path, body) {
  let { res, data } = await send(method, path, body);
  if (res.status === 403 && data?.code === 'auth.csrf' && await refreshCsrf())
    ({ res, data } = await send(method, path, body));
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
