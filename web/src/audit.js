// Audit entries as people read them: the action in words, and what changed
// (before → after of each field of a record, or the reason, note or comment
// an action carried).
const NOTE_KEYS = ['reason', 'comment', 'note', 'measures', 'level', 'effective_on', 'version', 'divisions', 'imported'];

// [{ field, before, after }] for an entry's detail; `word(field, value)`
// says one stored value in words (a level, a category, yes or no).
export function changes(detail, word = (f, v) => String(v)) {
  if (!detail || typeof detail !== 'object') return [];
  const one = (k, v) => (v === null || v === undefined || v === '' ? '' : word(k, v));
  const show = (v, k) => (Array.isArray(v) ? v.map((x) => one(k, x)).join('、') : one(k, v));
  if (detail.after && typeof detail.after === 'object') {
    const before = detail.before || {};
    return Object.keys(detail.after)
      .filter((k) => !detail.before || JSON.stringify(before[k]) !== JSON.stringify(detail.after[k]))
      .map((k) => ({ field: k, before: detail.before ? show(before[k], k) : '', after: show(detail.after[k], k) }));
  }
  return NOTE_KEYS.filter((k) => detail[k] !== undefined && detail[k] !== '').map((k) => ({ field: k, before: '', after: show(detail[k], k) }));
}

// The label key of an action code ("order.approve" -> "audit.actions.order_approve").
export const actionKey = (action) => `audit.actions.${action.replace('.', '_')}`;
