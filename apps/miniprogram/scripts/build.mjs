#!/usr/bin/env node
// Builds one platform: `node scripts/build.mjs weapp|h5 [--tenant CODE] [--api-base URL]`.
// Flags win over TARO_APP_TENANT / TARO_APP_API_BASE. After a weapp build the main
// package size is checked (scripts/weapp-size.mjs): above 1 MB the build fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [platform, ...rest] = process.argv.slice(2).filter((a) => a !== '--');
if (platform !== 'weapp' && platform !== 'h5') {
  console.error('usage: build.mjs weapp|h5 [--tenant CODE] [--api-base URL]');
  process.exit(2);
}

const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' };
const passThrough = [];
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i];
  const [flag, inline] = arg.split('=', 2);
  const value = () => inline ?? rest[++i];
  if (flag === '--tenant') env.TARO_APP_TENANT = value();
  else if (flag === '--api-base') env.TARO_APP_API_BASE = value();
  else passThrough.push(arg);
}
console.log(
  `[shiming] building ${platform} for tenant "${env.TARO_APP_TENANT || 'qxn-mobile'}", API "${env.TARO_APP_API_BASE || '(same origin)'}"`,
);

const taro = path.join(root, 'node_modules', '.bin', 'taro');
const build = spawnSync(taro, ['build', '--type', platform, ...passThrough], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

if (platform === 'weapp') {
  const size = spawnSync(process.execPath, [path.join(root, 'scripts', 'weapp-size.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(size.status ?? 1);
}
