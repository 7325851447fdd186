// The critical-link mark in words (issue 12, part "critical"): why an
// enterprise's orders take the critical-link route, from the mark the chain
// analysis stored (its basis and figures) or the provincial manual mark, or
// from the `critical` part of an order's stored impact report.

// One analysis basis with its figures, as a sentence.
export function basisWords(m, t) {
  const inputs = (m.sole_inputs || []).map((i) => t(`chain.inputs.${i}`)).join('、');
  switch (m.basis) {
    case 'dominator': return t('critical.basis.dominator', { w: m.dominated_whitelist });
    case 'sole_source': return inputs ? t('critical.basis.soleOf', { inputs, w: m.sole_whitelist }) : t('critical.basis.sole_source', { w: m.sole_whitelist });
    case 'province_share': return t('critical.basis.province_share', { p: (m.share_permille / 10).toFixed(1) });
    case 'manual': return t('critical.basis.manual');
    default: return '';
  }
}

// The `critical` part of an impact report: '' when the route is not the
// critical-link one for a mark (a white-list member says so too).
export function criticalReason(c, t) {
  const parts = [];
  if (c.whitelist) parts.push(t('critical.whitelist'));
  if (c.analysis && c.analysis !== 'none') parts.push(basisWords({ ...c, basis: c.analysis }, t));
  if (c.manual) parts.push(t('critical.basis.manual'));
  return parts.join('；');
}
