// Fails when a Vue template shows text that does not go through vue-i18n:
// literal text between tags, or a literal value of an attribute a person
// reads (label, placeholder, title, ...). Text inside {{ }} is code and is
// checked by the browser tests (which look at both languages).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const visibleAttrs = ['label', 'placeholder', 'title', 'description', 'content', 'alt', 'aria-label',
  'confirm-button-text', 'cancel-button-text', 'empty-text', 'active-text', 'inactive-text'];

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.vue') ? [p] : [];
  });
}

const problems = [];
for (const file of files(join(root, 'web/src'))) {
  const src = readFileSync(file, 'utf8');
  const start = src.indexOf('<template>');
  const end = src.lastIndexOf('</template>');
  if (start < 0) continue;
  const template = src.slice(start, end).replace(/<!--[\s\S]*?-->/g, '');
  const lineOf = (i) => src.slice(0, start + i).split('\n').length;
  // Expressions and attribute values may hold '>' (arrow functions): blank them
  // (keeping offsets) before looking for text between tags.
  const blank = (x) => x.replace(/[^\n]/g, ' ');
  const textOnly = template.replace(/\{\{[\s\S]*?\}\}/g, blank).replace(/"[^"]*"/g, blank);
  for (const m of textOnly.matchAll(/>([^<>]+)</g)) {
    const text = m[1].trim();
    if (/\p{L}/u.test(text)) problems.push(`${relative(root, file)}:${lineOf(m.index)}: literal text "${text.slice(0, 40)}"`);
  }
  for (const m of template.matchAll(/(?<![:@\w-])([a-z-]+)="([^"]*)"/g)) {
    if (visibleAttrs.includes(m[1]) && /\p{L}/u.test(m[2])) {
      problems.push(`${relative(root, file)}:${lineOf(m.index)}: literal ${m[1]}="${m[2].slice(0, 40)}"`);
    }
  }
}
if (problems.length) {
  console.error(`i18n-lint: visible text not passed through i18n (use t('...')):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`i18n-lint: every visible string in ${files(join(root, 'web/src')).length} templates goes through i18n`);
