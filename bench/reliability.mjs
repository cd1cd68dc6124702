#!/usr/bin/env node
// The reliability suites of apps/api/src/reliability at bench size (CI runs them small):
//   node bench/reliability.mjs [approvals]          provisioning faults: 1,000 approvals (CI 200) against
//                                                  a carrier that fails 30% of calls, answers late and repeats
//   node bench/reliability.mjs crash [rounds]       4 SIGKILLs a round during uploads and submissions, then
//                                                  `storage sweep` (default 10 rounds; CI 1)
//   node bench/reliability.mjs lease [trials]       a decision racing its lease expiry (default 500; CI 40)
//   node bench/reliability.mjs model [runs]         the case state-machine model (default 200 runs; CI 20)
//   node bench/reliability.mjs numbers [runs]       the number state-machine model: escalation, lifts, dead
//                                                  letters (default 200 runs; CI 15)
//   node bench/reliability.mjs kill [approvals]     the outbox worker process SIGKILLed mid-call and restarted
//                                                  (default 1,000 approvals, 1 kill per 80; CI 120 and 4)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const api = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'api');
const [what = '1000', size] = process.argv.slice(2);
const suites = {
  provisioning: [
    'src/reliability/provisioning-faults',
    'RELIABILITY_APPROVALS',
    '1000',
    'lift exactly once',
  ],
  crash: ['src/reliability/crash-recovery', 'RELIABILITY_CRASH_ROUNDS', '10'],
  lease: [
    'src/reliability/lease-race',
    'RELIABILITY_LEASE_TRIALS',
    '500',
    'exactly one final decision',
  ],
  model: ['src/reliability/case-model', 'RELIABILITY_MODEL_RUNS', '200'],
  numbers: ['src/reliability/number-model', 'RELIABILITY_NUMBER_MODEL_RUNS', '200'],
  kill: ['src/reliability/worker-kill', 'RELIABILITY_KILL_APPROVALS', '1000'],
};
const numeric = /^\d+$/.test(what);
const suite = suites[numeric ? 'provisioning' : what];
if (!suite) {
  process.stderr.write(`unknown suite ${what}: one of ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}
const [path, variable, fallback, only] = suite;
const r = spawnSync(
  'npx',
  ['jest', '--runInBand', '--testTimeout=3600000', path, ...(only ? ['-t', only] : [])],
  {
    cwd: api,
    stdio: 'inherit',
    env: { ...process.env, [variable]: (numeric ? what : size) ?? fallback },
  },
);
process.exit(r.status ?? 1);
