// Checks that every fg_db_run / fg_db_query / fg_db_row call with a named SQL
// constant binds as many values (its type string) as the SQL has
// placeholders. A mismatch reads a wrong argument at run time; this finds it
// before anything runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const files = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.c') ? [p] : [];
});

let bad = 0;
let checked = 0;
for (const f of [...files(join(root, 'src')), ...files(join(root, 'bench'))]) {
  const s = readFileSync(f, 'utf8');
  const macros = {};
  for (const m of s.matchAll(/#define (\w+)[ \t]+((?:[^\n]*\\\n)*[^\n]*)/g)) macros[m[1]] = m[2].replace(/\\\n/g, ' ');
  const consts = {};
  for (const m of s.matchAll(/static const char (\w+)\[\]\s*=\s*([\s\S]*?);\n/g)) consts[m[1]] = m[2];
  const expand = (expr, depth = 0) => {
    let out = '';
    for (const tok of expr.match(/"(?:[^"\\]|\\.)*"|\w+/g) || []) {
      if (tok.startsWith('"')) out += tok.slice(1, -1);
      else if (depth < 6 && macros[tok] !== undefined) out += expand(macros[tok], depth + 1);
      else if (depth < 6 && consts[tok] !== undefined) out += expand(consts[tok], depth + 1);
    }
    return out;
  };
  for (const m of s.matchAll(/fg_db_(?:run|query|row)\(\s*[\w>-]+,\s*(?:&\w+,\s*)?\w+,\s*(\w+),\s*"([a-z]*)"/g)) {
    const [, name, types] = m;
    if (consts[name] === undefined) continue;
    checked++;
    const n = (expand(consts[name]).match(/\?/g) || []).length;
    if (n !== types.length) {
      const line = s.slice(0, m.index).split('\n').length;
      console.log(`${f}:${line}: ${name} has ${n} placeholders but binds ${types.length} ("${types}")`);
      bad++;
    }
  }
}
console.log(`sql-binds: ${checked} calls checked, ${bad} mismatched`);
process.exit(bad ? 1 : 0);
