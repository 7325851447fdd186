// Names for codes the API speaks (GB/T 2260 regions, GB/T 4754 industries),
// looked up once per page load and kept, so that pages show 西湖区 and
// 通用设备制造业 where a record holds 330106 and 34; and the lists the
// region and industry pickers choose from (components/RegionPicker.vue,
// components/IndustryPicker.vue), fetched once and shared.
import { reactive } from 'vue';
import { api } from './api.js';
import { i18n } from './i18n.js';

const regions = reactive({});
const people = reactive({});
const industries = reactive({});
let industriesLoaded = null;
const pending = new Set();

const NATION = '000000';
const directories = new Map();   // parent code → Promise of [{code, name}]

// The regions above `parent`, `parent` and every region inside it, in code
// order ([{code, name}]), from GET /api/v1/regions?all=true: once per parent
// and page load, or cut from the whole country's when that is here already.
// Every name read is kept for regionName().
export function regionDirectory(parent = NATION) {
  if (!directories.has(parent)) {
    const whole = directories.get(NATION);
    const p = (whole && parent !== NATION ? whole.then((items) => within(items, parent))
      : api('GET', `/api/v1/regions?all=true&parent=${parent}`).then((r) => r.items))
      .then((items) => {
        for (const i of items) regions[i.code] = i.name;
        return items;
      });
    p.catch(() => directories.delete(parent));   // a failed load is tried again next time
    directories.set(parent, p);
  }
  return directories.get(parent);
}

// The level of a region code (GB/T 2260: xx0000 a province, xxxx00 a city).
export function regionLevel(code) {
  if (code === NATION) return 'nation';
  if (code.endsWith('0000')) return 'province';
  return code.endsWith('00') ? 'city' : 'county';
}

// The code of the region directly above `code` ('000000' above a province, null above the nation).
export function regionParent(code) {
  const level = regionLevel(code);
  if (level === 'nation') return null;
  if (level === 'province') return NATION;
  return level === 'city' ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
}

// Does region `outer` contain `inner` (or is it)?
export function regionContains(outer, inner) {
  const level = regionLevel(outer);
  if (level === 'nation') return true;
  return inner.startsWith(outer.slice(0, level === 'province' ? 2 : level === 'city' ? 4 : 6));
}

function within(items, parent) {
  const up = [];
  for (let c = parent; c !== NATION; c = regionParent(c)) up.push(c);
  return items.filter((i) => up.includes(i.code) || regionContains(parent, i.code));
}

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

// The region's name once it has arrived (its code if it cannot be had), for
// what must not show a code even for a moment: a certificate to print.
export async function regionNameReady(code) {
  if (!code || code === NATION || regions[code]) return regionName(code);
  try {
    regions[code] = (await api('GET', `/api/v1/regions/${code}`)).name;
  } catch { /* the code stands */ }
  return regionName(code);
}

// The GB/T 4754 divisions ([{code, section, name_zh, name_en}]), fetched once per page load.
export function industryList() {
  if (!industriesLoaded) {
    industriesLoaded = api('GET', '/api/v1/industries').then((r) => {
      for (const i of r.items) industries[i.code] = i;
      return r.items;
    });
    industriesLoaded.catch(() => { industriesLoaded = null; });
  }
  return industriesLoaded;
}

// The industry division's name in the locale, or its code until the list has arrived.
export function industryName(code, locale) {
  if (!code) return '';
  industryList().catch(() => {});
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
