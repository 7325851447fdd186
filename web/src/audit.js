// Audit entries as people read them: the action in words, and what changed
// (before → after of each field of a record, or the reason, note or comment
// an action carried).
const NOTE_KEYS = ['reason', 'comment', 'note', 'measures', 'level', 'effective_on', 'version', 'divisions'];

// [{ field, before, after }] for an entry's detail.
export function changes(detail) {
  if (!detail || typeof detail !== 'object') return [];
  const show = (v) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join('、') : String(v));
  if (detail.after && typeof detail.after === 'object') {
    const before = detail.before || {};
    return Object.keys(detail.after)
      .filter((k) => !detail.before || JSON.stringify(before[k]) !== JSON.stringify(detail.after[k]))
      .map((k) => ({ field: k, before: detail.before ? show(before[k]) : '', after: show(detail.after[k]) }));
  }
  return NOTE_KEYS.filter((k) => detail[k] !== undefined && detail[k] !== '').map((k) => ({ field: k, before: '', after: show(detail[k]) }));
}

// The label key of an action code ("order.approve" -> "audit.actions.order_approve").
export const actionKey = (action) => `audit.actions.${action.replace('.', '_')}`;
