// The deployment's time zone (FUGONG_TZ, default Asia/Shanghai) decides what
// "today" is on the server: at 23:30 UTC it is already the next day in
// Beijing, and a guidance answer, a designation made without a date and the
// account's own description say so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
let utc;
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

before(async () => {
  srv = await startServer({ enterprises: 50 });
  // Move the server's clock to the next 23:30 UTC.
  const now = srv.now();
  const t = new Date(now);
  t.setUTCHours(23, 30, 0, 0);
  if (t.getTime() <= now) t.setUTCDate(t.getUTCDate() + 1);
  srv.advance(t.getTime() - now);
  utc = srv.now();
});
after(() => srv.stop());

test('at 23:30 UTC the server\'s today is Beijing\'s tomorrow', async () => {
  const beijing = day(utc + 8 * 3600e3);
  assert.notEqual(beijing, day(utc));
  const g = await srv.as('coordinator', 'GET', '/api/v1/enterprises/91330106MA27XK000B/guidance');
  assert.equal(g.status, 200, JSON.stringify(g.body));
  assert.equal(g.body.date, beijing);
  const d = await srv.as('health.zhejiang', 'POST', '/api/v1/regions/330106/risk', { level: 'medium', reason: 'cluster of cases, dated by the server' });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  assert.equal(d.body.effective_on, beijing);
  const me = await srv.as('coordinator', 'GET', '/api/v1/auth/me');
  assert.equal(me.body.time_zone, 'Asia/Shanghai');
});

test('FUGONG_TZ=UTC keeps the UTC date', async () => {
  const u = await startServer({ enterprises: 50, env: { FUGONG_TZ: 'UTC' } });
  try {
    const now = u.now();
    const t = new Date(now);
    t.setUTCHours(23, 30, 0, 0);
    if (t.getTime() <= now) t.setUTCDate(t.getUTCDate() + 1);
    u.advance(t.getTime() - now);
    const g = await u.as('coordinator', 'GET', '/api/v1/enterprises/91330106MA27XK000B/guidance');
    assert.equal(g.body.date, day(u.now()));
    assert.equal((await u.as('coordinator', 'GET', '/api/v1/auth/me')).body.time_zone, 'UTC');
  } finally {
    await u.stop();
  }
});
