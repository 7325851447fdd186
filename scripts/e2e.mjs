// Runs the browser tests (tests/e2e/*.test.mjs) two files at a time, as
// `node --test --test-concurrency=2 tests/e2e/` would, but the longest files
// first: node 20 takes the files of `node --test` in name order, which starts
// the tour (by far the longest) near the end, with the other lane soon idle
// beside it. TAP on stdout; exits 1 if any test failed.
//   node scripts/e2e.mjs [CONCURRENCY]     (default 2)
import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'tests/e2e';
// The longest files, longest first (measured: tour about 500 s, app 350 s,
// white lists 120 s of tests on a loaded two-core machine; the rest 10–50 s).
const LONGEST = ['tour.test.mjs', 'app.test.mjs', 'whitelists.test.mjs'];

const names = readdirSync(DIR).filter((f) => f.endsWith('.test.mjs')).sort();
const files = [...LONGEST.filter((f) => names.includes(f)), ...names.filter((f) => !LONGEST.includes(f))]
  .map((f) => join(DIR, f));
const stream = run({ files, concurrency: Number(process.argv[2] || 2) });
stream.on('test:fail', () => { process.exitCode = 1; });
stream.compose(tap).pipe(process.stdout);
