// Fails when the server can send a problem the browser cannot say in Chinese.
//
// Every refusal the API sends carries a stable `code` (the problem key) and
// the named `params` of its message (src/util/err.h): the C code names them
// in the format, "{name:%s}". The English text is the C format itself (the
// `detail` the server sends); the Chinese texts are web/src/problems/*.js,
// one file for each layer. This reads every fg_err_at, fg_reply_problem and
// fg_reply_problem_with call in the code the server runs and fails when
//   - a key is not a string literal (the lint could not see what is sent),
//   - a key has no Chinese text, or a Chinese text has no key any more,
//   - a Chinese text names a parameter that a call with its key does not give
//     (fg_err_wrap's parameters, such as the line of a file, are said by the
//     browser before the text, from WRAPS in web/src/problems/index.js),
//   - fg_err_set is used for an error a person can act on (any code but out
//     of memory, the database and i/o, which are sent as "internal"), or its
//     format names parameters (fg_err_set keeps none).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const DIRS = ['util', 'sys', 'core', 'store', 'app', 'api'].map((d) => join(root, 'src', d));
const INTERNAL = new Set(['FG_ENOMEM', 'FG_EDB', 'FG_EIO']);
// Sent by src/api/http.c when an error has no key of its own.
const GENERIC = ['internal', 'error.invalid', 'error.not_found', 'error.exists', 'error.conflict',
  'error.forbidden', 'error.unauthenticated', 'error.too_big', 'error.rate', 'error.unavailable'];

const cFiles = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? cFiles(p) : /\.[ch]$/.test(n) ? [p] : [];
});

const fails = [];
const fail = (where, why) => fails.push(`${where}: problem-lint: ${why}`);

// The arguments of the call whose '(' is at src[i], split at top-level
// commas, with comments removed; and where the call ends.
function args(src, i) {
  const out = [];
  let depth = 0, cur = '', j = i + 1;
  for (; j < src.length; j++) {
    const c = src[j];
    if (c === '"' || c === "'") {
      let k = j + 1;
      while (src[k] !== c) k += src[k] === '\\' ? 2 : 1;
      cur += src.slice(j, k + 1);
      j = k;
    } else if (c === '/' && src[j + 1] === '*') {
      j = src.indexOf('*/', j) + 1;
    } else if (c === '/' && src[j + 1] === '/') {
      j = src.indexOf('\n', j);
    } else if ('([{'.includes(c)) { depth++; cur += c; }
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--; cur += c;
    } else if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; }
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

// The text of adjacent string literals (macros between them count as text
// without parameters), or null when `a` holds no literal.
function literal(a) {
  const parts = [...a.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  return parts.length ? parts.join('') : null;
}
const paramsOf = (fmt) => new Set([...fmt.matchAll(/\{([a-z0-9_]+):/g)].map((m) => m[1]));

const sites = new Map(); // key -> [{where, params}]
const wraps = new Set();
for (const file of DIRS.flatMap(cFiles)) {
  const src = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  // A format may be a macro of the file: #define NAME "text" "text".
  const defines = new Map([...src.matchAll(/^#define ([A-Z_][A-Z0-9_]*)[ \t]((?:[^\n]*\\\n)*[^\n]*)/gm)]
    .filter((d) => /^\s*(\\\s*)*"/.test(d[2])).map((d) => [d[1], d[2].replace(/\\\n/g, ' ')]));
  const expand = (a) => a.replace(/\b[A-Z_][A-Z0-9_]*\b/g, (n) => defines.get(n) ?? n);
  const lineOf = (i) => src.slice(0, i).split('\n').length;
  for (const m of src.matchAll(/\b(fg_err_at|fg_err_set|fg_err_wrap|fg_reply_problem_with|fg_reply_problem)\s*\(/g)) {
    const at = m.index + m[0].length - 1;
    const before = src.slice(Math.max(0, m.index - 40), m.index);
    if (/(^|\n)\s*(int|const char \*|static int)\s*$/.test(before)) continue; // a declaration
    const a = args(src, at);
    const where = `${rel}:${lineOf(m.index)}`;
    const fn = m[1];
    if (fn === 'fg_err_wrap') {
      const name = literal(a[1] || '');
      if (name === null) fail(where, 'fg_err_wrap needs a literal parameter name');
      else wraps.add(name);
      continue;
    }
    if (fn === 'fg_err_set') {
      if (!INTERNAL.has(a[1])) fail(where, `fg_err_set(${a[1]}) is for out of memory, the database and i/o; an error a person can act on needs fg_err_at with a key`);
      const fmt = literal(a[2] || '');
      if (fmt && paramsOf(fmt).size) fail(where, 'fg_err_set keeps no parameters; use fg_err_at');
      continue;
    }
    const [ki, fi] = fn === 'fg_err_at' ? [3, 4] : fn === 'fg_reply_problem' ? [3, 4] : [4, 5];
    const keyArg = a[ki];
    if (keyArg === 'NULL' && fn !== 'fg_err_at' && Number(a[1]) >= 500) continue; // internal
    const key = literal(keyArg || '');
    if (key === null || !/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(key)) {
      fail(where, `the problem key must be a literal such as "order.too_long", not ${keyArg}`);
      continue;
    }
    const fmt = literal(expand(a.slice(fi).join(',')));
    if (fmt === null) { fail(where, 'the message must be a literal format'); continue; }
    if (!sites.has(key)) sites.set(key, []);
    sites.get(key).push({ where, params: paramsOf(fmt) });
  }
}

// The Chinese texts: each file's `export default { 'key': 'text', ... }`.
const catalogue = new Map(); // key -> {file, line, text}
const pdir = join(root, 'web/src/problems');
for (const n of readdirSync(pdir).filter((n) => n.endsWith('.js') && n !== 'index.js' && n !== 'fields.js')) {
  const src = readFileSync(join(pdir, n), 'utf8');
  for (const m of src.matchAll(/^\s*'([^']+)':\s*'((?:[^'\\]|\\.)*)',?\s*$/gm)) {
    const where = `web/src/problems/${n}:${src.slice(0, m.index).split('\n').length}`;
    if (catalogue.has(m[1])) fail(where, `${m[1]} is also in ${catalogue.get(m[1]).where}`);
    catalogue.set(m[1], { where, text: m[2] });
  }
}
const index = readFileSync(join(pdir, 'index.js'), 'utf8');
const wrapBlock = index.match(/export const WRAPS = \{([\s\S]*?)\};/);
const known = new Set(wrapBlock ? [...wrapBlock[1].matchAll(/^\s*([a-z_]+):/gm)].map((m) => m[1]) : []);
for (const w of wraps) if (!known.has(w)) fail('web/src/problems/index.js', `fg_err_wrap adds "${w}", which WRAPS does not say`);

for (const g of GENERIC) if (!sites.has(g)) sites.set(g, [{ where: 'src/api/http.c (generic)', params: new Set() }]);
for (const [key, list] of sites) {
  const c = catalogue.get(key);
  if (!c) { fail(list[0].where, `"${key}" has no Chinese text in web/src/problems/`); continue; }
  if (/[A-Za-z]{3,}/.test(c.text.replace(/\{[a-z0-9_]+\}/g, '').replace(/--[a-z-]+/g, '').replace(/USCC|CSV|XLSX|JSON|UTF-8|GB\s?\d+|GB\/T|HTTP|CBOR|COSE|QR|ID|PNG|IPv4/g, '')))
    fail(c.where, `the Chinese text of "${key}" holds English words`);
  for (const p of [...c.text.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]))
    for (const s of list) if (!s.params.has(p)) fail(c.where, `"${key}" says {${p}}, which ${s.where} does not give`);
}
for (const [key, c] of catalogue) if (!sites.has(key)) fail(c.where, `"${key}" is sent by no code any more`);

if (fails.length) {
  for (const f of fails) console.log(f);
  process.exit(1);
}
console.log(`problem-lint: ${sites.size} problem keys, each with its Chinese text`);
