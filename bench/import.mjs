// Import of a generated suspension list vs `psql \copy` of the same file into a bare table.
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { cli, DATA_DIR, fmt, insertTenant, mustRun, pg, run } from './lib/env.mjs';

const KINDS = ['temporary_account', 'incomplete_data', 'owner_differs', 'group_card'];

export async function generateCsv(rows) {
  const path = join(DATA_DIR, `suspension-${rows}.csv`);
  const out = createWriteStream(path);
  out.write('number,line_type,unregistered_kind,state\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // Unicom 186 segment, unique numbers; 80% single stop, 15% double stop, 5% cancelled.
    const state = i % 20 === 0 ? 'cancelled' : i % 20 < 4 ? 'double_stop' : 'single_stop';
    chunk += `186${String(i).padStart(8, '0')},mobile,${KINDS[i % 4]},${state}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
  return path;
}

export async function benchImport({ db, rows }) {
  const file = await generateCsv(rows);
  const bytes = statSync(file).size;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await insertTenant(client, { code: 'bench-import', carrier: 'unicom' });
  await client.query(
    `CREATE TABLE bench_bare (number text, line_type text, unregistered_kind text, state text)`,
  );
  await client.query('CHECKPOINT');

  // The same file into a table shaped like phone_number (same indexes; tenant and id by default).
  await client.query(`CREATE TABLE bench_same (LIKE phone_number INCLUDING ALL)`);
  const [{ id: tenantId }] = (
    await client.query(`SELECT id FROM tenant WHERE code = 'bench-import'`)
  ).rows;
  await client.query(
    `ALTER TABLE bench_same ALTER COLUMN tenant_id SET DEFAULT '${tenantId}', ALTER COLUMN id SET DEFAULT uuid_v7()`,
  );
  const same = await mustRun(
    'psql \\copy (same table)',
    run('psql', [
      db.url,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy bench_same (phone, line_type, unregistered_kind, state) FROM '${file}' WITH (FORMAT csv, HEADER true)`,
    ]),
  );
  await client.query('CHECKPOINT');

  const copy = await mustRun(
    'psql \\copy',
    run(
      'psql',
      [
        db.url,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy bench_bare (number, line_type, unregistered_kind, state) FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      ],
      {
        timeRss: true,
      },
    ),
  );
  await client.query('CHECKPOINT');

  const report = join(DATA_DIR, 'rejected.csv');
  const first = await mustRun(
    'import',
    cli(['import', file, '--tenant', 'bench-import', '--report', report], db.url, {
      timeRss: true,
    }),
  );
  await client.query('CHECKPOINT');
  const again = await mustRun(
    're-import',
    cli(['import', file, '--tenant', 'bench-import', '--report', report], db.url, {
      timeRss: true,
    }),
  );
  const startup = await cli(['report', '--tenant', 'no-such-tenant'], db.url);
  const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM phone_number`)).rows;
  await client.end();

  const counts = Object.fromEntries(
    first.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length >= 2)
      .map(([k, v]) => [k, Number(v)]),
  );
  if (counts.inserted !== rows || n !== rows)
    throw new Error(
      `import inserted ${counts.inserted} (table has ${n}), expected ${rows}:\n${first.stdout}`,
    );
  const ratio = first.ms / copy.ms;
  return {
    name: 'import',
    lines: [
      `file: ${fmt.n(rows)} rows, ${(bytes / 1048576).toFixed(1)} MB`,
      `baseline psql \\copy into a bare table: ${fmt.s(copy.ms)}`,
      `pnpm shiming import (every row checked, staging + merge + history, one transaction): ${fmt.s(first.ms)}   peak RSS ${fmt.mb(first.maxRssKb)}`,
      `ratio: ${fmt.ratio(ratio)}   (target ≤ 1.5×)   ${ratio <= 1.5 ? 'MET' : 'NOT MET'}`,
      `second baseline, psql \\copy into a table shaped like phone_number (same indexes, no checks, no history): ${fmt.s(same.ms)}   ratio ${fmt.ratio(first.ms / same.ms)}`,
      `  of which CLI start-up and shut-down (Nest application context, no work): ~${fmt.s(startup.ms)}`,
      `  phases (ms, from the import itself): ${/time \(ms\)\s+(.*)/.exec(first.stdout)?.[1] ?? 'n/a'}`,
      `re-import of the same file (0 changed): ${fmt.s(again.ms)}   peak RSS ${fmt.mb(again.maxRssKb)}`,
    ],
    data: {
      rows,
      bytes,
      copyMs: copy.ms,
      sameTableCopyMs: same.ms,
      importMs: first.ms,
      reimportMs: again.ms,
      startupMs: startup.ms,
      importRssKb: first.maxRssKb,
      ratio,
    },
  };
}
