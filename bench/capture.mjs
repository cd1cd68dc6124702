// Capture quality checks (issue 8): time of the upload's quality checks on a phone-camera photo.
//   node bench/capture.mjs [--runs 15] [--one-core]
// Needs the API and the fixtures package built (`pnpm build`). A 4000 × 3000 JPEG (q 90) of a
// synthetic ID card is generated per variant; each run times, in this process:
//   - normalize: the upload's existing re-encoding (auto-rotate, fit 2000 px, JPEG q85) — reference;
//   - checks: analyseCapture on that stored 2000 px JPEG, as the upload runs it (decode at 1000 px,
//     find the card, blur, glare, framing, dHash) plus judgeCapture;
//   - checks on the original: the same analysis straight on the 4000 × 3000 JPEG, for comparison.
// --one-core: libvips on one thread (sharp.concurrency(1)), to compare with a loaded server.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { API_DIR, ROOT } from './lib/env.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const runs = Number(flag('runs', '15'));

const apiRequire = createRequire(join(API_DIR, 'package.json'));
const sharp = apiRequire('sharp');
const domain = apiRequire('@shiming/domain');
const fixtures = createRequire(join(ROOT, 'packages/id-card-fixtures/package.json'))(
  join(ROOT, 'packages/id-card-fixtures'),
);
const { analyseCapture } = apiRequire(join(API_DIR, 'dist/modules/documents/capture-analysis.js'));
const { normalizeImage } = apiRequire(join(API_DIR, 'dist/modules/documents/image-pipeline.js'));

if (args.includes('--one-core')) sharp.concurrency(1);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const ms = (x) => `${x.toFixed(0)} ms`;

async function time(fn) {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function main() {
  const person = fixtures.findPerson('zhangsanfeng');
  const codes = domain.qualityChecksFor('id_front');
  let peakRss = process.memoryUsage().rss;
  const rows = [];
  for (const variant of ['sharp', 'blur-3', 'far', 'glare']) {
    const original = await fixtures.generateCard(person, variant, {
      photoWidth: 4000,
      jpegQuality: 90,
    });
    const meta = await sharp(original).metadata();
    const normalize = [];
    const checks = [];
    const direct = [];
    let verdict = '';
    for (let i = 0; i < runs; i++) {
      const n = await time(() => normalizeImage(original, { maxPixels: 50_000_000 }));
      normalize.push(n.ms);
      const c = await time(async () => {
        const a = await analyseCapture(n.value.jpeg, { sourceLongSide: n.value.sourceLongSide });
        return domain.judgeCapture(a.measures, domain.DEFAULT_CAPTURE_POLICY, codes);
      });
      checks.push(c.ms);
      verdict = c.value.checks.map((k) => `${k.code} ${k.score} ${k.verdict}`).join(', ');
      const d = await time(() => analyseCapture(original));
      direct.push(d.ms);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    rows.push({
      variant,
      size: `${meta.width}×${meta.height}, ${(original.length / 1024).toFixed(0)} KB`,
      normalize,
      checks,
      direct,
      verdict,
    });
  }
  console.log(
    `capture checks, ${runs} runs each${args.includes('--one-core') ? ', libvips on one thread' : ''} (median / p90)`,
  );
  for (const r of rows) {
    console.log(`- ${r.variant} (${r.size}): ${r.verdict}`);
    console.log(
      `    normalize (existing upload re-encoding) ${ms(median(r.normalize))} / ${ms(p90(r.normalize))}; ` +
        `quality checks on the stored 2000 px image ${ms(median(r.checks))} / ${ms(p90(r.checks))}; ` +
        `the same straight on the original ${ms(median(r.direct))} / ${ms(p90(r.direct))}`,
    );
  }
  console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
