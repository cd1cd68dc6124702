#!/usr/bin/env node
// The provisioning fault run of apps/api/src/reliability at bench size: 1,000 approvals (CI runs
// 200) against a carrier that fails 30% of calls, answers late and repeats confirmations.
//   node bench/reliability.mjs [approvals]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const api = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'api');
const approvals = process.argv[2] ?? '1000';
const r = spawnSync(
  'npx',
  [
    'jest',
    '--runInBand',
    '--testTimeout=900000',
    'src/reliability/provisioning-faults',
    '-t',
    'lift exactly once',
  ],
  { cwd: api, stdio: 'inherit', env: { ...process.env, RELIABILITY_APPROVALS: approvals } },
);
process.exit(r.status ?? 1);
