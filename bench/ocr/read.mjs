// Child process of bench/ocr/ocr.mjs: reads every image listed in <dir>/manifest.json with the
// API's own OcrEngine (worker thread, resize, PaddleOCR on one onnxruntime thread), one at a time,
// and prints one JSON object: per image the lines read and the times, then the process's peak RSS.
// A process of its own so that the peak RSS is the OCR's, not the image generator's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_DIR } from '../lib/env.mjs';

const [dir, maxSide = '1280'] = process.argv.slice(2);
const { OcrEngine } = await import(join(API_DIR, 'dist/modules/ocr/ocr-engine.js'));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

/** VmHWM: the highest resident set size of this process so far (worker thread included). */
function peakRssKb() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : undefined;
}

const engine = new OcrEngine({ maxSide: Number(maxSide), threads: 1 });
const rssBeforeLoad = peakRssKb();
const t0 = performance.now();
await engine.warmUp();
const loadMs = performance.now() - t0;
const rssAfterLoad = peakRssKb();
const images = [];
for (const item of manifest) {
  const bytes = readFileSync(join(dir, item.file));
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const r = await engine.read(bytes);
    const cpu = process.cpuUsage(cpu0);
    images.push({
      ...item,
      ms: performance.now() - started,
      // CPU time of the whole process (the thread included) while it read this image: what the
      // read costs whatever else the machine is doing.
      cpuMs: (cpu.user + cpu.system) / 1000,
      threadMs: r.ms,
      readSize: [r.width, r.height],
      lines: r.lines.map((l) => l.text),
    });
  } catch (e) {
    images.push({ ...item, ms: performance.now() - started, error: String(e) });
  }
}
await engine.close();
process.stdout.write(
  JSON.stringify({
    loadMs,
    rssBeforeLoadKb: rssBeforeLoad,
    rssAfterLoadKb: rssAfterLoad,
    peakRssKb: peakRssKb(),
    images,
  }),
);
