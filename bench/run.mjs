#!/usr/bin/env node
// pnpm bench [--only import,escalation,status,queue,submission,ocr] [--rows 1000000] [--seconds 10] [--queue-seconds 30]
//            [--submission-seconds 30] [--submitters 8] [--ocr-people 5] [--ocr-max-side 1280] [--no-build] [--keep]
// pnpm bench --only load [--subscribers 200] [--load-seconds 60]: subscribers registering at once (bench/load.mjs)
// Builds the API, creates a throwaway database on the local PostgreSQL, runs each benchmark
// (each prints its baseline measured in the same run, and the ratio), then drops the database.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchEscalation } from './escalation.mjs';
import { benchImport } from './import.mjs';
import { benchLoad } from './load.mjs';
import { benchOcr } from './ocr/ocr.mjs';
import {
  API_DIR,
  cli,
  createDatabase,
  DATA_DIR,
  dropDatabase,
  mustRun,
  ROOT,
  run,
} from './lib/env.mjs';
import { benchQueue } from './queue.mjs';
import { benchStatus } from './status.mjs';
import { benchSubmission } from './submission.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const only = new Set(
  (flag('only', 'import,escalation,status,queue,submission,ocr') ?? '').split(','),
);
const rows = Number(flag('rows', '1000000'));
const seconds = Number(flag('seconds', '10'));
const queueSeconds = Number(flag('queue-seconds', '30'));
const submissionSeconds = Number(flag('submission-seconds', '30'));
const submitters = Number(flag('submitters', '8'));
const ocrPeople = Number(flag('ocr-people', '5'));
const ocrMaxSide = Number(flag('ocr-max-side', '1280'));

const log = (l = '') => process.stdout.write(`${l}\n`);

async function main() {
  log(
    `Shiming benchmarks — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`,
  );
  if (!args.includes('--no-build')) {
    log('building @shiming/domain, @shiming/id-card-fixtures and @shiming/api …');
    for (const pkg of ['domain', 'id-card-fixtures']) {
      await mustRun(
        `${pkg} build`,
        run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: join(ROOT, 'packages', pkg) }),
      );
    }
    await mustRun('api build', run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: API_DIR }));
  }
  const db = await createDatabase();
  log(`database ${db.name}`);
  const results = [];
  try {
    await mustRun('migrate', cli(['db', 'migrate'], db.url));
    const benches = [
      ['import', () => benchImport({ db, rows })],
      ['escalation', () => benchEscalation({ db, rows })],
      ['status', () => benchStatus({ db, seconds, connections: 20 })],
      ['queue', () => benchQueue({ db, seconds: queueSeconds, agents: 50, cases: 20_000 })],
      [
        'submission',
        () => benchSubmission({ db, seconds: submissionSeconds, concurrency: submitters }),
      ],
      [
        'load',
        () =>
          benchLoad({
            db,
            subscribers: Number(flag('subscribers', '200')),
            seconds: Number(flag('load-seconds', '60')),
          }),
      ],
      ['ocr', () => benchOcr({ people: ocrPeople, maxSide: ocrMaxSide })],
    ];
    for (const [name, fn] of benches) {
      if (!only.has(name)) continue;
      log(`\n== ${name} ==`);
      try {
        const r = await fn();
        for (const l of r.lines) log(`  ${l}`);
        results.push(r);
      } catch (e) {
        log(`  FAILED: ${e instanceof Error ? e.message : String(e)}`);
        results.push({ name, error: String(e) });
      }
    }
  } finally {
    if (!args.includes('--keep')) await dropDatabase(db.name);
  }
  writeFileSync(
    join(DATA_DIR, 'latest.json'),
    JSON.stringify({ at: new Date().toISOString(), rows, results }, null, 2),
  );
  log(`\nraw figures: ${join(DATA_DIR, 'latest.json')}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
