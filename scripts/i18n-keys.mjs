// Fails when a message key of web/src/i18n.js exists in one locale and not in
// the other: every key path (nested ones too, "passes.states.issued") of the
// zh-CN block `const zh = {...}` must be in the en block `const en = {...}`
// and the other way round, and a key that is a group in one must not be a
// text in the other. vue-i18n would show the key itself, or fall back to
// Chinese, in the language that lacks it.
//
// The blocks are read as object literals, without running the module (which
// needs a browser): keys are names or quoted strings; a value that is neither
// a text nor a nested object literal (a name, a call, a spread) is a leaf
// whose inside is not compared, and a spread is reported so that it is seen.
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const file = 'web/src/i18n.js';
const src = readFileSync(root + file, 'utf8');

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`|\.\.\.|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|\S/g;
const tokens = [];
for (const m of src.matchAll(TOKEN)) {
  if (/^\s|^\/[/*]/.test(m[0])) continue;
  tokens.push({ t: m[0], at: m.index });
}
const lineOf = (at) => src.slice(0, at).split('\n').length;
const unquote = (t) => (/^['"`]/.test(t) ? t.slice(1, -1) : t);
const fail = (tok, why) => {
  console.log(`${file}:${tok ? lineOf(tok.at) : '?'}: i18n-keys: ${why}`);
  process.exit(1);
};

// Parses the object literal whose '{' is tokens[i]; returns [keys, next index]
// where keys maps each path to 'text', 'group' or 'opaque'.
function object(i, prefix, keys, notes) {
  if (tokens[i]?.t !== '{') fail(tokens[i], 'expected an object literal');
  i++;
  while (tokens[i] && tokens[i].t !== '}') {
    if (tokens[i].t === '...') {
      notes.push(`${file}:${lineOf(tokens[i].at)}: a spread in ${prefix || 'the top level'} is not compared`);
      i++;
      for (let depth = 0; tokens[i] && !(depth === 0 && (tokens[i].t === ',' || tokens[i].t === '}')); i++) {
        if ('([{'.includes(tokens[i].t)) depth++;
        if (')]}'.includes(tokens[i].t)) depth--;
      }
    } else {
      const key = unquote(tokens[i].t);
      if (tokens[i + 1]?.t !== ':') fail(tokens[i], `expected ':' after key '${key}'`);
      const path = prefix ? `${prefix}.${key}` : key;
      // A key given twice in one object: the later silently replaces the earlier.
      if (keys.has(path)) fail(tokens[i], `'${path}' is given twice`);
      i += 2;
      if (tokens[i]?.t === '{') {
        keys.set(path, 'group');
        i = object(i, path, keys, notes);
      } else {
        const start = i;
        for (let depth = 0; tokens[i] && !(depth === 0 && (tokens[i].t === ',' || tokens[i].t === '}')); i++) {
          if ('([{'.includes(tokens[i].t)) depth++;
          if (')]}'.includes(tokens[i].t)) depth--;
        }
        keys.set(path, i === start + 1 && /^['"`]/.test(tokens[start].t) ? 'text' : 'opaque');
      }
    }
    if (tokens[i]?.t === ',') i++;
  }
  if (!tokens[i]) fail(null, `unterminated object ${prefix}`);
  return i + 1;
}

function block(name) {
  const i = tokens.findIndex((tok, k) => tok.t === 'const' && tokens[k + 1]?.t === name && tokens[k + 2]?.t === '=');
  if (i < 0) fail(null, `no 'const ${name} = {...}' block`);
  const keys = new Map();
  const notes = [];
  object(i + 3, '', keys, notes);
  return { keys, notes };
}

const locales = [['zh-CN', block('zh')], ['en', block('en')]];
const problems = [];
for (const [name, { keys }] of locales) {
  for (const [otherName, other] of locales) {
    if (otherName === name) continue;
    const missing = [...keys.keys()].filter((k) => !other.keys.has(k));
    // Report a missing group once, not each key inside it.
    const top = missing.filter((k) => !missing.some((g) => k.startsWith(`${g}.`)));
    if (top.length) problems.push(`in ${name} but missing from ${otherName}:\n  ${top.join('\n  ')}`);
  }
}
const [, zh] = locales[0];
const [, en] = locales[1];
const shape = [...zh.keys.entries()].filter(([k, v]) => en.keys.has(k) && (v === 'group') !== (en.keys.get(k) === 'group'));
if (shape.length) problems.push(`a group in one locale and a text in the other:\n  ${shape.map(([k]) => k).join('\n  ')}`);
[...zh.notes, ...en.notes].forEach((n) => console.log(n));
if (problems.length) {
  console.log(`i18n-keys: ${file}: the locales differ\n${problems.join('\n')}`);
  process.exit(1);
}
const leaves = [...zh.keys.values()].filter((v) => v !== 'group').length;
console.log(`i18n-keys: zh-CN and en have the same ${leaves} messages (${zh.keys.size} key paths)`);
