// Names for codes the API speaks (GB/T 2260 regions, GB/T 4754 industries),
// looked up once per page load and kept, so that pages show 西湖区 and
// 通用设备制造业 where a record holds 330106 and 34.
import { reactive } from 'vue';
import { api } from './api.js';
import { i18n } from './i18n.js';

const regions = reactive({});
const people = reactive({});
const industries = reactive({});
let industriesLoaded = null;
const pending = new Set();

// The region's name, or its code until the name has arrived.
export function regionName(code) {
  if (!code) return '';
  if (code === '000000') return '全国';
  if (regions[code]) return regions[code];
  // Offline (a checkpoint on the road) there is no one to ask: the code stands.
  if (typeof navigator !== 'undefined' && !navigator.onLine) return code;
  if (!pending.has(code)) {
    pending.add(code);
    api('GET', `/api/v1/regions/${code}`).then((r) => { regions[code] = r.name; }).catch(() => {});
  }
  return code;
}

// The industry division's name in the locale, or its code until the list has arrived.
export function industryName(code, locale) {
  if (!code) return '';
  if (!industriesLoaded) {
    industriesLoaded = api('GET', '/api/v1/industries')
      .then((r) => { for (const i of r.items) industries[i.code] = i; })
      .catch(() => { industriesLoaded = null; });
  }
  const i = industries[code];
  return i ? (locale === 'en' ? i.name_en : i.name_zh) : code;
}

// The display name of the account a record names (who proposed, decided,
// designated), or the username until it has arrived. Actors without an
// account: "system" (the platform's sweepers and seed data), "demo" (the demo
// loader) and "cli:<user>" (an operator at the server's command line).
export function personName(username) {
  if (!username) return '';
  const { t } = i18n.global;
  if (username === 'system') return t('audit.system');
  if (username === 'demo') return t('audit.demo');
  if (username.startsWith('cli:')) return t('audit.cli');
  if (people[username]) return people[username];
  if (typeof navigator !== 'undefined' && !navigator.onLine) return username;
  if (!pending.has(`@${username}`)) {
    pending.add(`@${username}`);
    api('GET', `/api/v1/people/${encodeURIComponent(username)}`)
      .then((p) => { people[username] = p.display_name; }).catch(() => {});
  }
  return username;
}
