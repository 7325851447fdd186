// Transfer stations over HTTP (issue 14, part "stations"): a station set up
// by the provincial joint mechanism; 200 concurrent bookings for 20 places
// (exactly 20 succeed, the rest 409 with the next free slot); a pass whose
// route does not reach the station refused; double booking and the
// cancellation cut-off; the gate: a revoked pass refused, check-in by number
// and by QR text, the closed loop's contactless handover, the trailer swap's
// paired legs, detention and the day's figures; the driver's public queue;
// the crew's lapsed test beside the verdict.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer({ enterprises: 200 }); });
after(() => srv.stop());

const H = 3600e3;
const day = 24 * H;
const iso = (ms) => new Date(ms).toISOString();
// The start of the first slot whose 30-minute cut-off is still ahead, plus `k` hours.
const slotFrom = (k = 0) => Math.ceil((srv.now() + 31 * 60e3) / H) * H + k * H;

let plateSerial = 0;
const nextPlate = () => `浙B${String(10000 + plateSerial++).padStart(5, '0').slice(-5)}`;

function application(extra = {}) {
  return {
    goods: 'industrial_materials', origin: '330106', destination: '310115', route: ['330402'],
    plate: nextPlate(), valid_to: iso(srv.now() + 5 * day),
    crew: [{ name: '王建国', id_number: '330106198001011235', role: 'driver',
      test_valid_until: new Date(srv.now() + 4 * day).toISOString().slice(0, 10) }],
    ...extra,
  };
}

async function issued(extra = {}, decider = 'joint.zhejiang') {
  const a = await srv.as('operator.demo', 'POST', '/api/v1/passes', application(extra));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await srv.as(decider, 'POST', `/api/v1/passes/${a.body.id}/decision`, { approve: true, reason: '保供物资运输' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body;
}

const stationBody = (name, extra = {}) => ({
  name, operator: '嘉兴港区物流有限公司', address: '南湖区测试路 1 号', region: '330402',
  lon: 120.78, lat: 30.75, opens: 0, closes: 24, cutoff_minutes: 30,
  per_hour: { trailer_swap: 20, on_site_transfer: 2 }, ...extra,
});

let station;
test('the provincial joint mechanism sets a station up; others may not; fields are checked', async () => {
  const city = await srv.as('joint.hangzhou', 'POST', '/api/v1/stations', stationBody('杭州测试中转站', { region: '330109' }));
  assert.equal(city.status, 403);
  assert.equal(city.body.code, 'station.manager');
  assert.equal((await srv.as('operator.demo', 'POST', '/api/v1/stations', stationBody('x测试站'))).status, 403);
  const bad = await srv.as('joint.zhejiang', 'POST', '/api/v1/stations', stationBody('嘉兴测试中转站', { opens: 22, closes: 6 }));
  assert.equal(bad.status, 422);
  assert.equal(bad.body.code, 'station.hours');
  const notCounty = await srv.as('joint.zhejiang', 'POST', '/api/v1/stations', stationBody('嘉兴测试中转站', { region: '330400' }));
  assert.equal(notCounty.status, 422);
  assert.equal(notCounty.body.code, 'station.county');
  const outside = await srv.as('joint.zhejiang', 'POST', '/api/v1/stations', stationBody('苏州测试中转站', { region: '320509' }));
  assert.equal(outside.status, 403);
  const c = await srv.as('joint.zhejiang', 'POST', '/api/v1/stations', stationBody('嘉兴测试中转站'));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  station = c.body;
  assert.equal(station.state, 'open');
  assert.equal(station.per_hour.trailer_swap, 20);
  const dup = await srv.as('joint.zhejiang', 'POST', '/api/v1/stations', stationBody('嘉兴测试中转站'));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.code, 'station.name_taken');
  // Listed for operators, with the demo's stations, the county by name.
  const list = await srv.as('operator.demo', 'GET', '/api/v1/stations?region=330000');
  assert.equal(list.status, 200);
  const mine = list.body.items.find((s) => s.id === station.id);
  assert.equal(mine.region_name, '南湖区');
  assert.deepEqual(mine.fill.trailer_swap, { booked: 0, places: 20 * 24 });
  assert.ok(list.body.items.some((s) => s.name === '嘉兴南湖中转站'));
  // A stale version is refused; the state changes with the current one.
  const full = await srv.as('joint.zhejiang', 'PUT', `/api/v1/stations/${station.id}`, { version: station.version, state: 'full' });
  assert.equal(full.status, 200, JSON.stringify(full.body));
  const stale = await srv.as('joint.zhejiang', 'PUT', `/api/v1/stations/${station.id}`, { version: station.version, state: 'open' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.code, 'station.changed');
  const open = await srv.as('joint.zhejiang', 'PUT', `/api/v1/stations/${station.id}`, { version: full.body.version, state: 'open' });
  assert.equal(open.status, 200);
});

test('200 concurrent bookings for 20 places: exactly 20 succeed, the rest 409 with the next free slot', async () => {
  const passes = [];
  for (let i = 0; i < 200; i += 25)
    passes.push(...await Promise.all(Array.from({ length: 25 }, () => issued())));
  const slot = slotFrom(2);
  const answers = await Promise.all(passes.map((p) => srv.as('operator.demo', 'POST',
    `/api/v1/stations/${station.id}/bookings`, { pass: p.number, mode: 'trailer_swap', starts_at: iso(slot) })));
  const ok = answers.filter((a) => a.status === 201);
  const full = answers.filter((a) => a.status === 409);
  assert.equal(ok.length, 20, JSON.stringify(answers.find((a) => a.status !== 201 && a.status !== 409)?.body));
  assert.equal(full.length, 180);
  for (const f of full) {
    assert.equal(f.body.code, 'station.slot_full');
    assert.equal(Date.parse(f.body.next_free), slot + H);
  }
  const got = await srv.as('operator.demo', 'GET', `/api/v1/stations/${station.id}?day=${new Date(slot + 8 * H).toISOString().slice(0, 10)}`);
  const row = got.body.slots.trailer_swap.find((s) => Date.parse(s.starts_at) === slot);
  assert.equal(row.booked, 20);
  assert.equal(row.bookable, false);
});

test('a pass whose route does not reach the station is refused; so is a second live booking', async () => {
  const off = await issued({ route: ['330110'] });
  const r = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: off.number, mode: 'trailer_swap', starts_at: iso(slotFrom(4)) });
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'station.off_route');
  const p = await issued();
  const first = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'trailer_swap', starts_at: iso(slotFrom(4)) });
  assert.equal(first.status, 201);
  const twice = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'on_site_transfer', starts_at: iso(slotFrom(5)) });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.code, 'station.double_booking');
  // Not a slot: off the hour (checked before the store is asked).
  const odd = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'trailer_swap', starts_at: iso(slotFrom(6) + 60e3) });
  assert.equal(odd.status, 422);
  assert.equal(odd.body.code, 'station.slot_hours');
});

test('cancellation up to the cut-off gives the place back', async () => {
  const p = await issued();
  const slot = slotFrom(1);
  const b = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'on_site_transfer', starts_at: iso(slot) });
  assert.equal(b.status, 201);
  const c = await srv.as('operator.demo', 'POST', `/api/v1/bookings/${b.body.id}/cancel`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.state, 'cancelled');
  const again = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'on_site_transfer', starts_at: iso(slot) });
  assert.equal(again.status, 201);
  // 29 minutes before the slot: too late to cancel.
  srv.advance(slot - 29 * 60e3 - srv.now());
  const late = await srv.as('operator.demo', 'POST', `/api/v1/bookings/${again.body.id}/cancel`);
  assert.equal(late.status, 409);
  assert.equal(late.body.code, 'station.cancel_cutoff');
  const tooLate = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: (await issued()).number, mode: 'on_site_transfer', starts_at: iso(slot) });
  assert.equal(tooLate.status, 409);
  assert.equal(tooLate.body.code, 'station.book_cutoff');
});

// The demo's gate account works at 嘉兴南湖 (330402); the test station is in
// the same county.
test('the gate: a revoked pass is refused, a valid one checks in; handover, detention, figures, queue', async () => {
  const revoked = await issued();
  const next = await srv.as('operator.demo', 'GET', `/api/v1/stations/${station.id}`);
  const slot = Date.parse(next.body.next_free.trailer_swap);
  const rb = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: revoked.number, mode: 'trailer_swap', starts_at: iso(slot) });
  assert.equal(rb.status, 201, JSON.stringify(rb.body));
  const rv = await srv.as('joint.zhejiang', 'POST', `/api/v1/passes/${revoked.number}/revoke`, { reason: '车辆信息不符' });
  assert.equal(rv.status, 200);
  const refused = await srv.as('station.nanhu', 'POST', `/api/v1/stations/${station.id}/check-in`, { number: revoked.number });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'station.pass_refused');
  assert.equal(refused.body.verdict.result, 'revoked');

  const p = await issued();
  const b = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'trailer_swap', starts_at: iso(slot) });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  assert.equal(b.body.closed_loop, false);
  // The queue, before arrival: pass number and plate together, nothing else.
  const q0 = await srv.req('GET', `/api/v1/station-queue?pass=${p.number}&plate=${encodeURIComponent(p.plate)}`);
  assert.equal(q0.status, 200, JSON.stringify(q0.body));
  assert.equal(q0.body.state, 'booked');
  assert.equal(q0.body.station, '嘉兴测试中转站');
  assert.ok(q0.body.expected_wait_minutes >= 0);
  assert.equal((await srv.req('GET', `/api/v1/station-queue?pass=${p.number}&plate=${encodeURIComponent('浙A00000')}`)).status, 404);
  assert.equal((await srv.req('GET', `/api/v1/station-queue?pass=${p.number}`)).status, 400);
  // The wrong plate at the gate is the pass's verdict, not an arrival.
  const wrong = await srv.as('station.nanhu', 'POST', `/api/v1/stations/${station.id}/check-in`, { number: p.number, plate: '浙A99999' });
  assert.equal(wrong.status, 409);
  assert.equal(wrong.body.verdict.result, 'plate_mismatch');
  // By the QR code's text.
  srv.advance(slot + 5 * 60e3 - srv.now());
  const inn = await srv.as('station.nanhu', 'POST', `/api/v1/stations/${station.id}/check-in`, { credential: p.credential, plate: p.plate });
  assert.equal(inn.status, 200, JSON.stringify(inn.body));
  assert.equal(inn.body.verdict.result, 'valid');
  assert.equal(inn.body.test_expired, false);
  assert.equal(inn.body.booking.state, 'arrived');
  const id = inn.body.booking.id;
  // Leaving before the handover is refused.
  const early = await srv.as('station.nanhu', 'POST', `/api/v1/bookings/${id}/depart`);
  assert.equal(early.status, 409);
  assert.equal(early.body.code, 'station.no_handover');
  srv.advance(30 * 60e3);
  const at = (m) => iso(slot + m * 60e3);
  const leg = (l, trailer, seal, m) => ({ leg: l, trailer, seal, goods: '汽车零部件 18 托', handed_by: '王建国', handed_to: '站内调度', at: at(m) });
  const one = await srv.as('station.nanhu', 'POST', `/api/v1/bookings/${id}/handover`,
    { contactless: true, legs: [leg('inbound', '浙F2187挂', 'S-1', 15)] });
  assert.equal(one.status, 422);
  assert.equal(one.body.code, 'station.swap_legs');
  const h = await srv.as('station.nanhu', 'POST', `/api/v1/bookings/${id}/handover`,
    { contactless: false, legs: [leg('inbound', '浙F2187挂', 'S-1', 15), leg('outbound', '沪A6633挂', 'S-2', 25)] });
  assert.equal(h.status, 200, JSON.stringify(h.body));
  assert.equal(h.body.handover.length, 2);
  const [l1, l2] = h.body.handover;
  assert.equal(l1.pair, l2.id);
  assert.equal(l2.pair, l1.id);
  srv.advance(10 * 60e3);
  const d = await srv.as('station.nanhu', 'POST', `/api/v1/bookings/${id}/depart`);
  assert.equal(d.status, 200);
  assert.equal(d.body.state, 'departed');
  assert.equal(d.body.detention_minutes, 40); // 05 → 45
  // The day at a glance and the figures by region.
  const dayOf = new Date(slot + 8 * H).toISOString().slice(0, 10);
  const v = await srv.as('station.nanhu', 'GET', `/api/v1/stations/${station.id}/day?day=${dayOf}`);
  assert.equal(v.status, 200);
  assert.equal(v.body.figures.departed, 1);
  assert.equal(v.body.figures.detention_mean_minutes, 40);
  assert.ok(v.body.bookings.some((x) => x.id === id && x.contactless === false));
  const f = await srv.as('joint.zhejiang', 'GET', `/api/v1/station-figures?region=330400&day=${dayOf}`);
  assert.equal(f.status, 200);
  assert.ok(f.body.total.departed >= 1);
  assert.ok(f.body.stations.some((s) => s.id === station.id && s.figures.detention_max_minutes === 40));
  // Jurisdiction: the city of Hangzhou does not see Jiaxing's day.
  assert.equal((await srv.as('joint.hangzhou', 'GET', `/api/v1/stations/${station.id}/day`)).status, 403);
});

test('a driver from a high-risk county is closed-loop: the handover must be contactless', async () => {
  // 310115 is high-risk in the demo; Shanghai's joint mechanism issues.
  const p = await issued({ origin: '310115', destination: '330106', route: ['330402'] }, 'joint.shanghai');
  const slot = slotFrom(0);
  const b = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'on_site_transfer', starts_at: iso(slot) });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  assert.equal(b.body.closed_loop, true);
  srv.advance(Math.max(0, slot - srv.now()) + 60e3);
  const inn = await srv.as('station.nanhu', 'POST', `/api/v1/stations/${station.id}/check-in`, { number: p.number });
  assert.equal(inn.status, 200, JSON.stringify(inn.body));
  assert.equal(inn.body.closed_loop, true);
  const legs = [{ leg: 'transfer', goods: '医用口罩 40 箱', handed_by: '钱伟', handed_to: '接驳车 浙F12345', at: iso(srv.now()) }];
  const touch = await srv.as('station.nanhu', 'POST', `/api/v1/bookings/${inn.body.booking.id}/handover`, { contactless: false, legs });
  assert.equal(touch.status, 409);
  assert.equal(touch.body.code, 'station.contact_closed_loop');
  const ok = await srv.as('station.nanhu', 'POST', `/api/v1/bookings/${inn.body.booking.id}/handover`, { contactless: true, legs });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
});

test('the gate of another county may not check in here; an operator sees only its own bookings', async () => {
  const p = await issued();
  const other = await srv.as('joint.zhejiang', 'POST', '/api/v1/stations', stationBody('萧山测试中转站', { region: '330109' }));
  assert.equal(other.status, 201);
  const g = await srv.as('station.nanhu', 'POST', `/api/v1/stations/${other.body.id}/check-in`, { number: p.number });
  assert.equal(g.status, 403);
  const mine = await srv.as('operator.demo', 'GET', '/api/v1/bookings');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((b) => b.applicant === '91330106MA27XK001E'));
  assert.equal((await srv.as('checkpoint.xihu', 'GET', '/api/v1/bookings')).status, 403);
});

test('the crew test lapsed: shown beside the verdict at a checkpoint and at the gate', async () => {
  // The driver's test counts until tomorrow; the slot is the day after.
  const p = await issued({ crew: [{ name: '赵强', id_number: '330106198001011235', role: 'driver',
    test_valid_until: new Date(srv.now() + day).toISOString().slice(0, 10) }] });
  const slot = slotFrom(0) + 2 * day;
  const b = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`,
    { pass: p.number, mode: 'trailer_swap', starts_at: iso(slot) });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const fresh = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number });
  assert.equal(fresh.body.test_expired, false);
  srv.advance(slot + 60e3 - srv.now());
  const c = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { number: p.number });
  assert.equal(c.status, 200);
  assert.equal(c.body.result, 'valid');
  assert.equal(c.body.test_expired, true);
  const inn = await srv.as('station.nanhu', 'POST', `/api/v1/stations/${station.id}/check-in`, { number: p.number });
  assert.equal(inn.status, 200, JSON.stringify(inn.body));
  assert.equal(inn.body.test_expired, true);
  assert.equal(inn.body.booking.test_expired, true);
});

test('the crew updated without a new pass: re-signed under a new number, the old one revoked, the booking moved', async () => {
  const p = await issued();
  const next = await srv.as('operator.demo', 'GET', `/api/v1/stations/${station.id}`);
  const slot = next.body.next_free.on_site_transfer;
  const b = await srv.as('operator.demo', 'POST', `/api/v1/stations/${station.id}/bookings`, { pass: p.number, mode: 'on_site_transfer', starts_at: slot });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const crew = [{ name: '孙立', id_number: '330106198001011235', role: 'driver',
    test_valid_until: new Date(srv.now() + 3 * day).toISOString().slice(0, 10) }];
  // Another enterprise's account may not (to it the pass does not exist,
  // issue 16); the checkpoint may not.
  assert.equal((await srv.as('enterprise.demo', 'POST', `/api/v1/passes/${p.number}/crew`, { crew })).status, 404);
  const u = await srv.as('operator.demo', 'POST', `/api/v1/passes/${p.number}/crew`, { crew });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  assert.notEqual(u.body.number, p.number);
  assert.equal(u.body.state, 'issued');
  assert.equal(u.body.crew[0].name, '孙立');
  assert.match(u.body.credential, /^FG1:/);
  const old = await srv.as('operator.demo', 'GET', `/api/v1/passes/${p.number}`);
  assert.equal(old.body.state, 'revoked');
  // The old credential is refused, the new one holds; the booking follows.
  const c1 = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: p.credential });
  assert.equal(c1.body.result, 'revoked');
  const c2 = await srv.as('checkpoint.xihu', 'POST', '/api/v1/checks', { credential: u.body.credential });
  assert.equal(c2.body.result, 'valid');
  const mine = await srv.as('operator.demo', 'GET', `/api/v1/bookings?pass=${u.body.number}`);
  assert.ok(mine.body.items.some((x) => x.id === b.body.id && x.state === 'booked'));
  // A revoked pass has no crew to update.
  const again = await srv.as('operator.demo', 'POST', `/api/v1/passes/${p.number}/crew`, { crew });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'pass.recrew_state');
});
