// A problem's clock in words (issue 13, part "problems"): "剩余1小时20分",
// "已超时3小时05分", "已暂停计时"; '' when no clock runs. `t` is the page's
// translator; `now` the time to count from (ms).
import { span } from './time.js';

export function clockWords(p, t, now = Date.now()) {
  if (p.paused) return t('problems.paused');
  if (!p.due_at) return '';
  const due = Date.parse(p.due_at);
  return due > now ? t('problems.left', { span: span(due - now, t) }) : t('problems.over', { span: span(now - due, t) });
}

// The tag type of a problem's state.
export const stateTag = (p) => ({ closed: 'success', answered: 'warning', reopened: 'danger' }[p.state] || '');
