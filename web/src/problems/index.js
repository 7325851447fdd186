// What the browser says for a refusal of the API. The server sends a stable
// `code`, its named `params` and the English `detail` (src/util/err.h); in
// English the detail is the text, in Chinese the catalogue of each layer
// (api.js, app.js, core.js, store.js, sys.js here) is. scripts/problem-lint.mjs
// fails the build when the server can send a code that has no Chinese text.
import api from './api.js';
import app from './app.js';
import core from './core.js';
import store from './store.js';
import sys from './sys.js';
import fields from './fields.js';
import { labels } from '../vocab.js';
import { i18n } from '../i18n.js';

const zh = { ...api, ...app, ...core, ...store, ...sys };

// Parameters a caller adds to a lower layer's error (fg_err_wrap): said
// before the text.
export const WRAPS = {
  line: '第{line}行：',
  rule: '规则“{rule}”：',
  measure: '第{measure}条措施：',
  person: '第{person}位驾乘人员：',
  file: '文件{file}：',
  migration: '数据库迁移{migration}失败：',
  // policies (issue 15): the entry of a catalogue file
  policy: '第{policy}项政策：',
};

// Parameters whose value is a code the browser says in words.
const WORDS = { field: fields, fields, role: labels('roles', 'zh-CN') };
// Codes whose `state` and `action` are a white-list application's or a
// recognition item's, said in the page's words (the English detail keeps
// the codes).
const ui = i18n.global.getLocaleMessage('zh-CN');
const WHITELIST = {
  state: { ...ui.whitelists.itemStates, ...ui.whitelists.states, answered: '已答复' },
  action: { ...ui.whitelists.act, due: '到期待复核' },
};
const CODE_WORDS = Object.fromEntries(['whitelist.state', 'whitelist.role', 'whitelist.reason',
  'whitelist.open_application', 'wlcred.not_listed', 'wlcred.due_review', 'recognition.answered'].map((c) => [c, WHITELIST]));

const fill = (text, params, code) => text.replace(/\{([a-z0-9_]+)\}/g, (m, k) => {
  const v = params[k];
  if (v === undefined) return m;
  return CODE_WORDS[code]?.[k]?.[v] || WORDS[k]?.[v] || v;
});

// The text of `problem` (the parsed problem+json) in `locale`; null when it
// is not one the server sent (the caller says what it knows instead).
export function problemText(problem, locale) {
  if (!problem || typeof problem !== 'object') return null;
  if (locale !== 'zh-CN') return problem.detail || null;
  const text = zh[problem.code];
  if (!text) return null;
  const params = problem.params || {};
  const prefix = Object.keys(WRAPS).filter((k) => k in params && !text.includes(`{${k}}`))
    .map((k) => fill(WRAPS[k], params)).join('');
  return prefix + fill(text, params, problem.code);
}

export { fields };
