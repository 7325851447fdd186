// Fails when a shared vocabulary (goods, measures, roles, verdicts) has a
// copy that differs from its one source, data/vocab/<name>.json (from which
// cmake/vocab.cmake generates the C enums and tables, and which the browser
// imports): every enum of docs/openapi.json that holds two or more of a
// vocabulary's names must list exactly its names in its order; the newest
// migration's CHECK (... IN (...)) list of a vocabulary must too; and no
// source under src/ or web/src/ may spell out three or more of its names in
// one line (import the file instead). The files themselves must have codes
// 0, 1, 2... in order, distinct identifier names and both labels.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const vocabDir = join(root, 'data/vocab');
const vocabs = {};
for (const f of readdirSync(vocabDir).filter((n) => n.endsWith('.json')).sort()) {
  const name = f.replace(/\.json$/, '');
  const doc = JSON.parse(readFileSync(join(vocabDir, f), 'utf8'));
  const seen = new Set();
  doc.entries.forEach((e, i) => {
    if (e.code !== i) problems.push(`data/vocab/${f}: entry ${i} (${e.name}) has code ${e.code}; codes are positions`);
    if (!/^[a-z][a-z0-9_]*$/.test(e.name)) problems.push(`data/vocab/${f}: '${e.name}' is not a lower-case identifier`);
    if (seen.has(e.name)) problems.push(`data/vocab/${f}: '${e.name}' appears twice`);
    seen.add(e.name);
    for (const l of ['zh-CN', 'en']) if (!e.labels?.[l]) problems.push(`data/vocab/${f}: '${e.name}' has no ${l} label`);
  });
  vocabs[name] = doc.entries.map((e) => e.name);
}

const overlap = (list, names) => list.filter((x) => names.includes(x)).length;
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
// Vocabularies may share a few names (the goods category medical_supplies and
// the chain medical_supplies): a list copies the vocabulary it overlaps most.
const closest = (list, name) => Object.values(vocabs).every((n) => overlap(list, n) <= overlap(list, vocabs[name]));

// The OpenAPI document.
const api = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));
const used = new Set();
(function walk(node, path) {
  if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}/${i}`));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'enum' && Array.isArray(v)) {
      const list = v.filter((x) => x !== null);
      for (const [name, names] of Object.entries(vocabs)) {
        if (overlap(list, names) < 2 || !closest(list, name)) continue;
        used.add(name);
        if (!same(list, names)) {
          problems.push(`docs/openapi.json ${path}/enum: [${list.join(', ')}] differs from data/vocab/${name}.json [${names.join(', ')}]`);
        }
      }
    } else walk(v, `${path}/${k}`);
  }
})(api, '#');
for (const name of Object.keys(vocabs)) {
  if (!used.has(name)) problems.push(`docs/openapi.json: no enum lists the ${name} of data/vocab/${name}.json`);
}

// The newest migration constraining a column to a vocabulary.
const migDir = join(root, 'src/store/migrations');
const latest = {};
for (const f of readdirSync(migDir).filter((n) => n.endsWith('.sql')).sort()) {
  const sql = readFileSync(join(migDir, f), 'utf8');
  for (const m of sql.matchAll(/\bIN\s*\(([^()]*)\)/gi)) {
    const list = [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
    for (const [name, names] of Object.entries(vocabs)) {
      if (overlap(list, names) >= 2 && closest(list, name)) latest[name] = { f, list };
    }
  }
}
for (const [name, { f, list }] of Object.entries(latest)) {
  if (!same(list, vocabs[name])) {
    problems.push(`src/store/migrations/${f}: CHECK list [${list.join(', ')}] differs from data/vocab/${name}.json; add a migration`);
  }
}

// Spelled-out copies in the sources.
function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' || n === 'dist' || n === 'migrations' ? [] : files(p);
    return /\.(c|h|js|mjs|vue)$/.test(n) ? [p] : [];
  });
}
for (const file of [...files(join(root, 'src')), ...files(join(root, 'web/src'))]) {
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const quoted = [...line.matchAll(/['"`]([a-z][a-z0-9_]*)['"`]/g)].map((m) => m[1]);
    for (const [name, names] of Object.entries(vocabs)) {
      if (overlap(quoted, names) >= 3 && closest(quoted, name)) {
        problems.push(`${relative(root, file)}:${i + 1}: a copy of the ${name}; use data/vocab/${name}.json (web/src/vocab.js, or fg_vocab.h in C)`);
      }
    }
  });
}

if (problems.length) {
  console.error(`vocab-lint: the shared vocabularies have diverging copies:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`vocab-lint: ${Object.keys(vocabs).join(', ')} agree with docs/openapi.json, the migrations and the sources`);
