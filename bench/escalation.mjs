// Escalation of N single-stopped numbers to double stop, with history and outbox rows.
import { cli, fmt, insertTenant, mustRun, pg } from './lib/env.mjs';

export async function benchEscalation({ db, rows }) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const tenantId = await insertTenant(client, {
    code: 'bench-escalate',
    carrier: 'mobile',
    policy: { singleToDoubleDate: '2016-11-01', doubleToCancelGraceDays: 30 },
  });
  const fill = (table) =>
    client.query(
      `INSERT INTO ${table} (tenant_id, id, phone, line_type, state, unregistered_kind, registered, region_code, single_stopped_on)
       SELECT $1, uuid_v7(), '138' || lpad(i::text, 8, '0'), 'mobile', 'single_stop', 'temporary_account', false, '522301', '2016-10-01'
         FROM generate_series(0, $2 - 1) AS i`,
      [tenantId, rows],
    );
  await fill('phone_number');
  // Baseline: the same rows in a copy of the table (same indexes), moved by one bare UPDATE.
  await client.query(`CREATE TABLE bench_escalate_bare (LIKE phone_number INCLUDING ALL)`);
  await fill('bench_escalate_bare');
  await client.query('VACUUM ANALYZE phone_number');
  await client.query('VACUUM ANALYZE bench_escalate_bare');
  await client.query('CHECKPOINT');

  const t0 = performance.now();
  const bare = await client.query(
    `UPDATE bench_escalate_bare SET state = 'double_stop', double_stopped_on = '2016-11-01', version = version + 1, updated_at = now() WHERE tenant_id = $1 AND state = 'single_stop'`,
    [tenantId],
  );
  const bareMs = performance.now() - t0;
  await client.query('CHECKPOINT');

  // Start-up alone: the same command up to the tenant look-up (an unknown tenant exits 2 there).
  const startup = await cli(['escalate', '--tenant', 'no-such-tenant'], db.url);
  const r = await mustRun(
    'escalate',
    cli(['escalate', '--tenant', 'bench-escalate', '--at', '2016-11-01'], db.url, {
      timeRss: true,
    }),
  );
  const moved = Number(/single → double\s+(\d+)/.exec(r.stdout)?.[1]);
  const again = await mustRun(
    'escalate again',
    cli(['escalate', '--tenant', 'bench-escalate', '--at', '2016-11-01'], db.url),
  );
  const movedAgain = Number(/single → double\s+(\d+)/.exec(again.stdout)?.[1]);
  const [{ h, o, events }] = (
    await client.query(
      `SELECT (SELECT count(*)::int FROM number_history WHERE tenant_id = $1 AND cause = 'escalation') AS h, (SELECT coalesce(sum(jsonb_array_length(payload->'numbers'->'mobile') + jsonb_array_length(payload->'numbers'->'fixed')), 0)::int FROM outbox WHERE tenant_id = $1) AS o, (SELECT count(*)::int FROM outbox WHERE tenant_id = $1) AS events`,
      [tenantId],
    )
  ).rows;
  await client.end();
  if (moved !== rows || h !== rows || o !== rows || bare.rowCount !== rows)
    throw new Error(
      `escalation moved ${moved}, history ${h}, outbox ${o}, bare ${bare.rowCount}; expected ${rows}`,
    );
  return {
    name: 'escalation',
    lines: [
      `${fmt.n(rows)} single-stopped numbers → double stop`,
      `baseline bare UPDATE of the same rows in a copy of the table (no history, no outbox): ${fmt.s(bareMs)}`,
      `pnpm shiming escalate (update + ${fmt.n(h)} history rows + ${fmt.n(events)} outbox events for ${fmt.n(o)} numbers, one transaction, CLI start included): ${fmt.s(r.ms)}   peak RSS ${fmt.mb(r.maxRssKb)}`,
      `ratio to the bare UPDATE: ${fmt.ratio(r.ms / bareMs)}   target < 30 s: ${r.ms < 30_000 ? 'MET' : 'NOT MET'}   (CLI start-up alone: ~${fmt.s(startup.ms)})`,
      `second run the same day: moved ${movedAgain} in ${fmt.s(again.ms)}`,
    ],
    data: { rows, bareMs, escalateMs: r.ms, secondRunMs: again.ms, movedAgain },
  };
}
