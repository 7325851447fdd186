// Checks that the prepared-statement caches of the two drivers can hold every
// SQL text the program prepares. Both drivers key their cache by the address
// of the SQL text and have a fixed number of slots (STMT_SLOTS in
// src/store/sqlite.c, PG_SLOTS in src/store/pg.c); one more distinct text
// than slots would fail at run time with "statement cache full", so this
// counts them before anything runs.
//
// A distinct text is one object handed to fg_db_query / fg_db_run / fg_db_row
// (their SQL argument) or to a driver's prepare(): a static char array (one
// per file and name), or a string literal at its call site (counted once per
// site: an upper bound, since the compiler may merge equal literals). Both
// branches of a ?: count. A SQL argument that is a parameter of the enclosing
// function is followed to that function's callers in the same file. Anything
// else (a local buffer, a pointer from elsewhere) fails the check: the cache
// would key it by an address that changes. src/store/db.c, which implements
// the three calls over prepare(), is the one file not read.
//
// A table of texts built once at run time, `static struct {...} name[MAX]`
// with MAX a numeric #define, whose members are passed as name[i].member,
// counts MAX texts per member (src/store/audit_seal.c: the statements of each
// audited table).
//
// The server is src/; each bench/*.c program adds its own texts to the same
// connection, so each is counted on top of src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const files = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.c') ? [p] : [];
});

// The SQL argument's position in each call.
const SQL_ARG = { fg_db_query: 3, fg_db_run: 2, fg_db_row: 3, prepare: 1 };
const CALL = /\b(fg_db_query|fg_db_run|fg_db_row)\s*\(|(?:->|\.)(prepare)\s*\(/g;

// Blanks comments, keeping every other character (and so line numbers) in place.
const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g,
  (m) => (m[0] === '/' ? m.replace(/[^\n]/g, ' ') : m));

// The arguments of the call whose '(' is at s[open], split at top-level commas.
function callArgs(s, open) {
  const args = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '\'') {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) {
        args.push(s.slice(start, i).trim());
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

// Splits "c ? a : b" at its top-level ? and matching :, or returns null.
function ternary(e) {
  let depth = 0;
  let q = -1;
  let nested = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === '"' || c === '\'') {
      for (i++; i < e.length && e[i] !== c; i++) if (e[i] === '\\') i++;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === '?') {
      if (q < 0) q = i;
      else nested++;
    } else if (depth === 0 && c === ':' && q >= 0) {
      if (nested) nested--;
      else return [e.slice(q + 1, i).trim(), e.slice(i + 1).trim()];
    }
  }
  return null;
}

// A parameter list ("fg_db *db, const char *sql") rather than a call's arguments.
const isDeclaration = (args) => args.length > 0 && args.every((a) => a === '...' ||
  /^(?:const\s+)?(?:struct\s+)?\w+(?:\s*\*+\s*|\s+)(?:const\s+)?\w+(?:\s*\[[^\]]*\])?$/.test(a));
const lineOf = (s, i) => s.slice(0, i).split('\n').length;

function scanFile(path) {
  const text = stripComments(readFileSync(path, 'utf8'));
  const rel = relative(root, path);
  const arrays = new Set([...text.matchAll(/^[ \t]*static\s+(?:const\s+)?char\s+(\w+)\s*\[/gm)].map((m) => m[1]));
  const macros = {};
  for (const m of text.matchAll(/#define (\w+)[ \t]+((?:[^\n]*\\\n)*[^\n]*)/g)) macros[m[1]] = m[2].replace(/\\\n/g, ' ').trim();
  const defs = [...text.matchAll(/^[A-Za-z_][^\n;{}()]*?\b(\w+)\s*\(([^()]*)\)\s*\n\{/gm)]
    .map((m) => ({ name: m[1], at: m.index, params: m[2].split(',').map((p) => (p.match(/(\w+)\s*(?:\[[^\]]*\])?\s*$/) || [])[1]) }));
  const enclosing = (at) => defs.filter((d) => d.at < at).pop();
  const tables = {};
  for (const m of text.matchAll(/^[ \t]*static\s+struct\s*(?:\w+\s*)?\{[^}]*\}\s*(\w+)\s*\[\s*(\w+)\s*\]/gm)) {
    const n = /^\d+$/.test(m[2]) ? Number(m[2]) : Number(macros[m[2]]);
    if (Number.isInteger(n) && n > 0) tables[m[1]] = n;
  }
  const keys = new Set();
  const problems = [];

  const isLiteral = (e, depth = 0) => {
    const toks = e.match(/"(?:[^"\\]|\\.)*"|\w+|\S/g) || [];
    return toks.length > 0 && toks.every((t) => t.startsWith('"') ||
      (depth < 6 && macros[t] !== undefined && isLiteral(macros[t], depth + 1)));
  };

  const resolve = (expr, at, depth) => {
    let e = expr.trim();
    while (e.startsWith('(') && callArgs(e, 0).length === 1 && callArgs(e, 0)[0] === e.slice(1, -1).trim()) e = e.slice(1, -1).trim();
    const t = ternary(e);
    if (t) {
      resolve(t[0], at, depth);
      resolve(t[1], at, depth);
      return;
    }
    if (isLiteral(e)) {
      keys.add(`${rel}:${lineOf(text, at)}:${e}`);
      return;
    }
    if (/^\w+$/.test(e) && arrays.has(e)) {
      keys.add(`${rel}:${e}`);
      return;
    }
    const row = e.match(/^(\w+)\s*\[[^\]]+\]\s*\.\s*(\w+)$/);
    if (row && tables[row[1]]) {
      for (let i = 0; i < tables[row[1]]; i++) keys.add(`${rel}:${row[1]}[${i}].${row[2]}`);
      return;
    }
    const fn = enclosing(at);
    const idx = fn && /^\w+$/.test(e) ? fn.params.indexOf(e) : -1;
    if (idx >= 0 && depth < 6) {
      const calls = [...text.matchAll(new RegExp(`\\b${fn.name}\\s*\\(`, 'g'))]
        .map((m) => ({ at: m.index, args: callArgs(text, m.index + m[0].length - 1) }))
        .filter((c) => !isDeclaration(c.args));
      if (calls.length === 0) {
        problems.push(`${rel}:${lineOf(text, at)}: SQL argument '${e}' is a parameter of ${fn.name}, which nothing in this file calls; pass a static SQL text`);
        return;
      }
      for (const c of calls) if (c.args.length > idx) resolve(c.args[idx], c.at, depth + 1);
      return;
    }
    problems.push(`${rel}:${lineOf(text, at)}: cannot tell which SQL text '${e}' is; the statement caches key by address, so pass a static array or a literal`);
  };

  for (const m of text.matchAll(CALL)) {
    const name = m[1] || m[2];
    const args = callArgs(text, m.index + m[0].length - 1);
    const sql = args[SQL_ARG[name]];
    if (sql === undefined || isDeclaration(args)) continue;
    resolve(sql, m.index, 0);
  }
  return { keys, problems };
}

function capacity(file, macro) {
  const m = readFileSync(join(root, file), 'utf8').match(new RegExp(`#define ${macro}\\s+(\\d+)`));
  if (!m) {
    console.log(`stmt-cache: cannot find #define ${macro} in ${file}`);
    process.exit(1);
  }
  return { file, macro, n: Number(m[1]) };
}

const caps = [capacity('src/store/sqlite.c', 'STMT_SLOTS'), capacity('src/store/pg.c', 'PG_SLOTS')];
const cap = caps.reduce((a, b) => (b.n < a.n ? b : a));

const server = new Set();
const problems = [];
for (const f of files(join(root, 'src'))) {
  if (relative(root, f) === 'src/store/db.c') continue;
  const r = scanFile(f);
  r.keys.forEach((k) => server.add(k));
  problems.push(...r.problems);
}
const programs = [{ name: 'src/ (the server)', n: server.size }];
for (const f of files(join(root, 'bench'))) {
  const r = scanFile(f);
  problems.push(...r.problems);
  if (r.keys.size) programs.push({ name: `src/ + ${relative(root, f)}`, n: server.size + r.keys.size });
}

let bad = problems.length;
problems.forEach((p) => console.log(p));
for (const p of programs) {
  if (p.n > cap.n) {
    console.log(`stmt-cache: ${p.name} prepares ${p.n} distinct SQL texts but the statement cache holds ${cap.n} (${cap.macro} in ${cap.file}); raise ${caps.map((c) => `${c.macro} in ${c.file}`).join(' and ')}`);
    bad++;
  }
}
if (process.argv.includes('-v')) [...server].sort().forEach((k) => console.log(`  ${k.replace(/\s+/g, ' ').slice(0, 120)}`));
console.log(`stmt-cache: ${programs.map((p) => `${p.name} ${p.n}`).join(', ')} distinct SQL texts; cache capacity ${caps.map((c) => `${c.macro} ${c.n}`).join(', ')}${bad ? '; FAILED' : ''}`);
process.exit(bad ? 1 : 0);
