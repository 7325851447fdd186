// A policy's rule (the rule language of src/core/policy.h, as JSON) in
// words, in the interface's language: every condition a sentence, "all" joined
// by semicolons, "any" as a numbered choice, and the amount formula
// ("每名参保职工500元，最高30万元"). `t` is the page's translator; industry
// names come from names.js.
import { industryName } from './names.js';
import { MEASURES } from './vocab.js';

const LEAVES = ['category', 'industry', 'headcount', 'insured_headcount', 'capacity', 'risk_level',
  'order_days', 'whitelist', 'critical', 'staff_return_rate', 'capacity_utilisation'];

// The kind of a condition: its one key among all/any/not and the leaves.
export function conditionKind(c) {
  if (!c || typeof c !== 'object') return null;
  for (const k of ['all', 'any', 'not', ...LEAVES]) if (k in c) return k;
  return null;
}

export const FACTS = LEAVES;

export function dateWords(s, t) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  if (!m) return s || '';
  return t('policies.words.date', { y: m[1], m: Number(m[2]), d: Number(m[3]), mm: m[2], dd: m[3] });
}

// Whole yuan as people write them: 300000 → 30万元 in Chinese.
export function yuanWords(y, t, locale) {
  const n = Number(y);
  if (locale !== 'en') {
    if (n >= 100000000 && n % 1000000 === 0) return t('policies.words.yi', { n: n / 100000000 });
    if (n >= 10000 && n % 100 === 0) return t('policies.words.wan', { n: n / 10000 });
  }
  return t('policies.words.yuan', { n: n.toLocaleString(locale === 'en' ? 'en' : 'zh-CN') });
}

// Fen as yuan with two decimals where needed.
export function fenWords(fen, t, locale) {
  if (fen === null || fen === undefined) return '';
  if (fen % 100 === 0) return yuanWords(fen / 100, t, locale);
  return t('policies.words.yuan', { n: (fen / 100).toLocaleString(locale === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: 2 }) });
}

function range(r, unit, t) {
  const u = (n) => t(`policies.words.${unit}`, { n });
  const has = (v) => v !== undefined && v !== null;
  if (has(r?.min) && has(r?.max)) return t('policies.words.rangeBoth', { min: u(r.min), max: u(r.max) });
  if (has(r?.min)) return t('policies.words.rangeMin', { min: u(r.min) });
  if (has(r?.max)) return t('policies.words.rangeMax', { max: u(r.max) });
  return t('policies.words.rangeAny');
}

function list(items, t, sep = 'or') {
  return items.join(t(`policies.words.${items.length > 2 && sep === 'or' ? 'list' : sep}`));
}

function period(p, t) {
  if (!p) return '';
  if (p.last_days) return t('policies.words.periodLast', { n: p.last_days });
  return t('policies.words.periodFromTo', { from: dateWords(p.from, t), to: dateWords(p.to, t) });
}

// One condition (any kind) in words.
export function conditionWords(c, t, locale) {
  const k = conditionKind(c);
  const w = (key, p) => t(`policies.words.${key}`, p);
  switch (k) {
    case 'all':
      return (c.all || []).map((x) => conditionWords(x, t, locale)).join(w('and'));
    case 'any':
      return w('any') + (c.any || []).map((x, i) => `(${i + 1}) ${conditionWords(x, t, locale)}`).join(w('and'));
    case 'not':
      return w('not') + conditionWords(c.not, t, locale);
    case 'headcount': case 'insured_headcount':
      return w(k, { range: range(c[k], 'people', t) });
    case 'capacity':
      return w(k, { range: range(c[k], 'units', t) });
    case 'staff_return_rate': case 'capacity_utilisation':
      return w(k, { range: range(c[k], 'percent', t) });
    case 'category':
      return w('category', { list: list((c.category || []).map((x) => t(`policies.categoryName.${x}`)), t) });
    case 'industry':
      return w('industry', { list: list((c.industry || []).map((x) => (/^[A-Z]$/.test(x) ? w('section', { s: x }) : industryName(x, locale))), t) });
    case 'risk_level': {
      const levels = locale === 'en' ? list(c.risk_level || [], t)
        : list((c.risk_level || []).map((l) => t(`level.${l}`).replace(/风险$/, '')), t, 'list') + '风险';
      if (c.on) return w('riskOn', { on: dateWords(c.on, t), levels });
      if (c.during) return w('riskDuring', { period: period(c.during, t), levels });
      return w('riskNow', { levels });
    }
    case 'order_days': {
      const measures = list((c.measures || MEASURES).map((m) => (locale === 'en' ? t(`orders.measures.${m}`).toLowerCase() : t(`orders.measures.${m}`))), t);
      return w('orderDays', { period: period(c.during, t), measures, range: range(c.order_days, 'days', t) });
    }
    case 'whitelist':
      return w(c.whitelist ? 'whitelistYes' : 'whitelistNo');
    case 'critical':
      return w(c.critical ? 'criticalYes' : 'criticalNo');
    default:
      return JSON.stringify(c);
  }
}

// The amount formula in words.
export function amountWords(a, t, locale) {
  if (!a) return '';
  const w = (key, p) => t(`policies.words.${key}`, p);
  const y = (n) => yuanWords(n, t, locale);
  let s = '';
  if ('fixed' in a) s = w('fixed', { y: y(a.fixed) });
  else if ('per_insured_employee' in a) s = w('per_insured_employee', { y: y(a.per_insured_employee) });
  else if (a.per_month) {
    const pm = a.per_month;
    s = w('per_month', { base: t(`policies.base.${pm.of}`), m: pm.months });
    if (pm.instead) s += w('instead', { cond: conditionWords(pm.instead.when, t, locale), m: pm.instead.months });
  } else if (a.share) s = w('share', { base: t(`policies.base.${a.share.of}`), p: a.share.percent });
  if (a.cap) s += w('cap', { cap: y(a.cap) });
  return s;
}

// The top-level conditions as a list of sentences (the "all" of a rule
// shown one a line); any other shape is one sentence.
export function conditionLines(when, t, locale) {
  if (when && Array.isArray(when.all)) return when.all.map((c) => conditionWords(c, t, locale));
  return [conditionWords(when, t, locale)];
}
