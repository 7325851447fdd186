// Fails when a template of web/src puts a data-test on an Element Plus
// component that does not render it, so that a browser test waiting for it
// would wait forever. In 2.14: el-date-picker and el-time-picker (one picker
// underneath) hand their attributes to a tooltip, which drops them; an
// el-descriptions-item is data its el-descriptions reads, drawing no element
// of its own. A picker's data-test goes on a wrapper,
// <span class="fg-picker" data-test="...">, which adds no box; an item's on
// an element inside it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dropping = ['el-date-picker', 'el-time-picker', 'el-descriptions-item'];
const problems = [];
const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.vue') ? [p] : [];
});
for (const file of walk(join(root, 'web/src'))) {
  const text = readFileSync(file, 'utf8');
  // An opening tag ends at the first '>' outside quotes.
  const tag = new RegExp(`<(${dropping.join('|')})\\b((?:"[^"]*"|'[^']*'|[^'">])*)>`, 'g');
  for (const m of text.matchAll(tag)) {
    if (!/(^|\s):?data-test=/.test(m[2])) continue;
    const line = text.slice(0, m.index).split('\n').length;
    problems.push(`${relative(root, file)}:${line}: <${m[1]}> drops its data-test: put it on an element of your own, around a picker (<span class="fg-picker">) or inside an item`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`template-lint: no data-test on ${dropping.join(', ')}`);
