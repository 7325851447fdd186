// The words of the delivery of policies (issue 15, part "delivery"): one
// check of a policy's explanation as a line ("参保人数：115"), amounts in
// yuan, files read as base64 for an application.

const yuan = (fen) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
export { yuan };

// The condition's name in the document ("insured_headcount"), leaving out
// the period and measures that qualify it.
function condKey(c) {
  return Object.keys(c.condition || {}).find((k) => !['during', 'measures', 'on'].includes(k)) || '';
}

// `t`/`te` are the page's translator and its "has a text" test.
export function checkText(c, t, te) {
  const key = condKey(c);
  const label = te(`benefits.cond.${key}`) ? t(`benefits.cond.${key}`) : key;
  const f = c.fact || {};
  let v = '';
  if (key === 'risk_level') v = f.level ? `${t(`level.${f.level}`)}${f.on ? ` (${f.on})` : ''}` : t('benefits.facts.notHeld');
  else if (key === 'order_days') v = `${f.days ?? 0}`;
  else if (key === 'industry') v = f.industry ?? ''; // the division's code (its section letter is not a word)
  else if (Array.isArray(f.categories)) v = f.categories.map((x) => (te(`category.${x}`) ? t(`category.${x}`) : x)).join('、');
  else if (typeof f.value === 'boolean') v = f.value ? t('common.yes') : t('common.no');
  else if (f.value !== undefined && f.value !== null) v = `${f.value}${/rate|utilisation/.test(key) ? '%' : ''}`;
  else v = Object.values(f).filter((x) => typeof x !== 'object').join(' ');
  return `${label}${t('benefits.sep')}${v === '' ? t('benefits.facts.notHeld') : v}`;
}

// A file chosen in the browser as {name, mime, body (base64)}.
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve({ name: file.name, mime: file.type || 'application/octet-stream', body: String(r.result).split(',')[1] || '' });
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

// The step of a claim on its way (pending → approved → granted → received).
export const CLAIM_STEPS = ['pending', 'approved', 'granted', 'received'];
export function claimStep(state) {
  const i = CLAIM_STEPS.indexOf(state === 'more_info' ? 'pending' : state);
  return i < 0 ? 0 : i;
}
