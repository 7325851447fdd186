// The API client: same-origin cookie session, the CSRF header on every write,
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

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Fugong-CSRF'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
