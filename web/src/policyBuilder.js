// The rule builder's model (PolicyEdit.vue, PolicyCondition.vue) and the
// rule JSON of src/core/policy.h, both ways. A builder is {combine: 'all' |
// 'any', rows}; a row is a leaf {kind, min, max, list, flag, mode, on, from,
// to, last} or a group {kind: 'group', combine, rows: [leaves]} (one level of
// nesting). A rule the builder cannot show ("not", deeper nesting) gives
// null: the editor then keeps it as JSON.
import { conditionKind } from './policyWords.js';
import { MEASURES } from './vocab.js';

export const RANGES = ['headcount', 'insured_headcount', 'capacity', 'staff_return_rate', 'capacity_utilisation'];

export function newRow(kind = 'insured_headcount') {
  return resetRow({ kind });
}

// Clears what the row's previous kind left, with the new kind's defaults.
export function resetRow(row) {
  Object.assign(row, { min: undefined, max: undefined, list: [], flag: true, mode: 'today', on: '', from: '', to: '', last: undefined });
  if (row.kind === 'headcount' || row.kind === 'insured_headcount') row.min = 1;
  if (row.kind === 'risk_level') row.list = ['medium', 'high'];
  if (row.kind === 'order_days') { row.min = 1; row.list = ['stop', 'limit_capacity']; row.mode = 'during'; }
  return row;
}

const num = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));

function periodOf(row) {
  if (row.mode === 'last') return { last_days: num(row.last) };
  if (row.mode === 'during') return { from: row.from || '', to: row.to || '' };
  return undefined;
}

function rangeOf(row) {
  const r = {};
  if (num(row.min) !== undefined) r.min = num(row.min);
  if (num(row.max) !== undefined) r.max = num(row.max);
  return r;
}

export function rowToCondition(row) {
  if (row.kind === 'group') return { [row.combine]: row.rows.map(rowToCondition) };
  if (RANGES.includes(row.kind)) return { [row.kind]: rangeOf(row) };
  switch (row.kind) {
    case 'category': case 'industry': return { [row.kind]: [...row.list] };
    case 'whitelist': case 'critical': return { [row.kind]: !!row.flag };
    case 'risk_level': {
      const c = { risk_level: [...row.list] };
      if (row.mode === 'on') c.on = row.on || '';
      else if (row.mode !== 'today') c.during = periodOf(row);
      return c;
    }
    case 'order_days': return { order_days: rangeOf(row), measures: [...row.list], during: periodOf(row) };
    default: return {};
  }
}

function leafRow(c) {
  const kind = conditionKind(c);
  if (!kind || ['all', 'any', 'not'].includes(kind)) return null;
  const row = resetRow({ kind });
  if (RANGES.includes(kind) || kind === 'order_days') {
    row.min = c[kind]?.min;
    row.max = c[kind]?.max;
  }
  if (kind === 'category' || kind === 'industry' || kind === 'risk_level') row.list = [...(c[kind] || [])];
  if (kind === 'order_days') row.list = [...(c.measures || MEASURES)];
  if (kind === 'whitelist' || kind === 'critical') row.flag = !!c[kind];
  const p = c.during;
  if (kind === 'risk_level' || kind === 'order_days') {
    if (c.on) { row.mode = 'on'; row.on = c.on; }
    else if (p?.last_days) { row.mode = 'last'; row.last = p.last_days; }
    else if (p) { row.mode = 'during'; row.from = p.from; row.to = p.to; }
    else row.mode = 'today';
  }
  return row;
}

function groupRow(c) {
  const combine = conditionKind(c);
  if (combine !== 'all' && combine !== 'any') return leafRow(c);
  const rows = (c[combine] || []).map(leafRow);
  return rows.includes(null) ? null : { kind: 'group', combine, rows };
}

export function builderFromWhen(when) {
  const k = conditionKind(when);
  if (k === 'all' || k === 'any') {
    const rows = (when[k] || []).map(groupRow);
    return rows.includes(null) ? null : { combine: k, rows };
  }
  const row = leafRow(when);
  return row ? { combine: 'all', rows: [row] } : null;
}

export function whenFromBuilder(b) {
  return { [b.combine]: b.rows.map(rowToCondition) };
}

// The amount formula's model: {kind, yuan, base, months, instead, insteadRow,
// insteadMonths, percent, cap}.
export function amountModel(a) {
  const m = { kind: 'per_insured_employee', yuan: 500, base: 'monthly_rent', months: 3, instead: false, insteadRow: newRow('risk_level'), insteadMonths: 6, percent: 50, cap: a?.cap };
  if (!a) return m;
  if ('fixed' in a) Object.assign(m, { kind: 'fixed', yuan: a.fixed });
  else if ('per_insured_employee' in a) Object.assign(m, { kind: 'per_insured_employee', yuan: a.per_insured_employee });
  else if (a.per_month) {
    Object.assign(m, { kind: 'per_month', base: a.per_month.of, months: a.per_month.months });
    if (a.per_month.instead) {
      const r = leafRow(a.per_month.instead.when);
      if (!r) return null;
      Object.assign(m, { instead: true, insteadRow: r, insteadMonths: a.per_month.instead.months });
    }
  } else if (a.share) Object.assign(m, { kind: 'share', base: a.share.of, percent: a.share.percent });
  return m;
}

export function amountFromModel(m) {
  let a;
  if (m.kind === 'fixed') a = { fixed: num(m.yuan) };
  else if (m.kind === 'per_insured_employee') a = { per_insured_employee: num(m.yuan) };
  else if (m.kind === 'per_month') {
    a = { per_month: { of: m.base, months: num(m.months) } };
    if (m.instead) a.per_month.instead = { when: rowToCondition(m.insteadRow), months: num(m.insteadMonths) };
  } else a = { share: { of: m.base, percent: num(m.percent) } };
  if (num(m.cap)) a.cap = num(m.cap);
  return a;
}
