// Times as people read them: in the deployment's zone (FUGONG_TZ, given by the
// server with the account; Asia/Shanghai by default), not the device's, to the
// minute.
import { session } from './session.js';

const zone = () => session.account?.time_zone || 'Asia/Shanghai';

function parts(d) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

export function when(iso) {
  if (!iso) return '';
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

// Today's date (YYYY-MM-DD) in the deployment's zone.
export function today() {
  const p = parts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

// A duration in ms in hours and minutes, never negative: `t` is the page's
// translator, whose common.span says it ("5小时03分", "5 h 03 min").
export function span(ms, t) {
  const m = Math.max(0, Math.floor(ms / 60000));
  return t('common.span', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}

// The month, day and time of day (HH:mm) of a time in the deployment's zone,
// for texts that say "12月1日 10:00".
export function dayTime(iso) {
  const p = parts(new Date(iso));
  return { m: Number(p.month), d: Number(p.day), time: `${p.hour}:${p.minute}` };
}
