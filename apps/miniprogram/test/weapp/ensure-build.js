// The weapp tests exercise dist-weapp: build it when it is missing (CI, fresh clone).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

module.exports = async () => {
  const root = path.resolve(__dirname, '../..');
  if (fs.existsSync(path.join(root, 'dist-weapp', 'app.json'))) return;
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'weapp'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('weapp build failed: the simulate tests need dist-weapp');
};
