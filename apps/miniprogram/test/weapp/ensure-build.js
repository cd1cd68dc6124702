// The weapp tests exercise a real weapp build, configured as a carrier would
// (absolute API origin, a subscription template). It goes to dist-weapp-test so
// that it never replaces the developer's dist-weapp; rebuilt when src is newer.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '../..');
const out = path.join(root, 'dist-weapp-test');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

module.exports = async () => {
  const marker = path.join(out, 'app.json');
  const sources = Math.max(
    newest(path.join(root, 'src')),
    newest(path.join(root, 'config')),
    newest(path.resolve(root, '../../packages/domain/src')),
  );
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs > sources) return;
  const env = {
    ...process.env,
    NODE_ENV: 'production', // jest sets 'test'; build what WeChat gets
    SHIMING_OUTPUT_DIR: 'dist-weapp-test',
    TARO_APP_API_BASE: 'https://api.shiming.test',
    TARO_APP_SUBSCRIBE_TEMPLATE_IDS: 'TMPL_DECISION',
    TARO_APP_TENANT: 'qxn-mobile',
  };
  const r = spawnSync(
    path.join(root, 'node_modules', '.bin', 'taro'),
    ['build', '--type', 'weapp'],
    { cwd: root, env, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('weapp build failed: the simulate tests need it');
};
