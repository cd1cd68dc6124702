// OCR benchmark (issue 8): accuracy of the offline OCR on synthetic ID cards, time per image on
// one core, peak memory.
//   node bench/ocr/ocr.mjs [--people 5] [--max-side 1280] [--no-backs]   (or pnpm bench --only ocr)
// Needs the API and the fixtures package built (pnpm bench builds them; so does `pnpm build`).
// The card photos are generated on demand with @shiming/id-card-fixtures — every person × every
// variant, front and back — into bench/.data/ocr, then read by a child process pinned to one CPU
// (taskset) with the API's own OcrEngine (onnxruntime on one thread). Accuracy is what the API
// keeps: the domain's readIdCardFront/readIdCardBack over the lines read, compared exactly with
// the card's name, number and validity.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { API_DIR, BENCH_DIR, DATA_DIR, domain, fmt, mustRun, ROOT, run } from '../lib/env.mjs';

const FIXTURES_DIR = join(ROOT, 'packages/id-card-fixtures');

async function generate(dir, { people, backs }) {
  if (!existsSync(join(FIXTURES_DIR, 'dist/index.js')))
    await mustRun(
      'fixtures build',
      run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: FIXTURES_DIR }),
    );
  const fixtures = createRequire(join(FIXTURES_DIR, 'package.json'))(FIXTURES_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = [];
  const t0 = performance.now();
  for (const person of fixtures.PEOPLE.slice(0, people)) {
    for (const variant of fixtures.VARIANT_NAMES) {
      for (const side of backs ? ['front', 'back'] : ['front']) {
        const file = `${person.key}-${side}-${variant}.jpg`;
        writeFileSync(join(dir, file), await fixtures.generateCard(person, variant, { side }));
        manifest.push({ file, person: person.key, side, variant });
      }
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { fixtures, count: manifest.length, generateMs: performance.now() - t0 };
}

const pct = (n, d) => (d === 0 ? '—' : `${n}/${d} (${Math.round((100 * n) / d)}%)`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

export async function benchOcr({ people = 5, maxSide = 1280, backs = true } = {}) {
  if (!existsSync(join(API_DIR, 'dist/modules/ocr/ocr-engine.js')))
    throw new Error('apps/api/dist is missing the OCR engine: build the API first');
  const dir = join(DATA_DIR, 'ocr');
  const { fixtures, count, generateMs } = await generate(dir, { people, backs });
  const taskset = existsSync('/usr/bin/taskset');
  const reader = [join(BENCH_DIR, 'ocr/read.mjs'), dir, String(maxSide)];
  const r = await mustRun(
    'ocr read',
    taskset ? run('taskset', ['-c', '0', 'node', ...reader]) : run('node', reader),
  );
  const out = JSON.parse(r.stdout);
  writeFileSync(join(dir, 'results.json'), JSON.stringify(out, null, 1));
  const today = new Date();

  const rows = new Map();
  const row = (variant) => {
    if (!rows.has(variant))
      rows.set(variant, {
        fronts: 0,
        number: 0,
        name: 0,
        wrongNumber: 0,
        backs: 0,
        validity: 0,
        ms: [],
        cpuMs: [],
      });
    return rows.get(variant);
  };
  for (const img of out.images) {
    const person = fixtures.findPerson(img.person);
    const v = row(img.variant);
    v.ms.push(img.ms);
    v.cpuMs.push(img.cpuMs ?? img.ms);
    const lines = img.lines ?? [];
    if (img.side === 'front') {
      const reading = domain.readIdCardFront(lines, { today });
      v.fronts++;
      if (reading.idNumber === person.idNumber) v.number++;
      else if (reading.idNumber) v.wrongNumber++;
      if (reading.name === person.name) v.name++;
    } else {
      const reading = domain.readIdCardBack(lines);
      v.backs++;
      if (reading.validFrom === person.validFrom && reading.validUntil === person.validUntil)
        v.validity++;
    }
  }
  const variants = [...rows.keys()];
  const sum = (names, key) => names.reduce((n, k) => n + rows.get(k)[key], 0);
  const nonGlare = variants.filter((v) => v !== 'glare');
  const wall = out.images.map((i) => i.ms).sort((a, b) => a - b);
  const cpu = out.images.map((i) => i.cpuMs ?? i.ms).sort((a, b) => a - b);
  const numberRate = sum(nonGlare, 'number') / sum(nonGlare, 'fronts');
  const perImage = median(cpu);
  const s = (ms) => (ms / 1000).toFixed(2);
  const p90 = (xs) => xs[Math.floor(xs.length * 0.9)];

  const lines = [
    `${count} synthetic card photos (${people} people × ${variants.length} variants${backs ? ' × front and back' : ', fronts'}), generated in ${fmt.s(generateMs)}; read at ≤ ${maxSide} px on ${taskset ? 'one pinned core (taskset -c 0)' : 'one onnxruntime thread'}`,
    `model load (once per thread): ${fmt.s(out.loadMs)}`,
    '',
    `variant        exact number    exact name      validity (back)  CPU s/image  wall s/image (medians)`,
    ...variants.map((name) => {
      const v = rows.get(name);
      return `${name.padEnd(14)} ${pct(v.number, v.fronts).padEnd(15)} ${pct(v.name, v.fronts).padEnd(15)} ${pct(v.validity, v.backs).padEnd(16)} ${s(median(v.cpuMs)).padEnd(12)} ${s(median(v.ms))}`;
    }),
    '',
    `non-glare fronts: exact number ${pct(sum(nonGlare, 'number'), sum(nonGlare, 'fronts'))} (target ≥ 90%: ${numberRate >= 0.9 ? 'MET' : 'NOT MET'}), exact name ${pct(sum(nonGlare, 'name'), sum(nonGlare, 'fronts'))}`,
    `all fronts: exact number ${pct(sum(variants, 'number'), sum(variants, 'fronts'))}; wrong number offered: ${sum(variants, 'wrongNumber')} (a read that fails the domain checks is never offered)`,
    `CPU time per image (decode, resize, OCR; one core): median ${s(perImage)} s, p90 ${s(p90(cpu))} s, max ${s(cpu.at(-1))} s (target ≤ 1.5 s: ${perImage <= 1500 ? 'MET' : 'NOT MET'})`,
    `wall time per image on the pinned core (inflated when other processes share it): median ${s(median(wall))} s, p90 ${s(p90(wall))} s, max ${s(wall.at(-1))} s`,
    `peak RSS of the reading process: ${fmt.mb(out.peakRssKb)} (Node alone ${fmt.mb(out.rssBeforeLoadKb)}, after loading the models ${fmt.mb(out.rssAfterLoadKb)})`,
    ...out.images.filter((i) => i.error).map((i) => `FAILED ${i.file}: ${i.error}`),
  ];
  return {
    name: 'ocr',
    lines,
    data: {
      people,
      maxSide,
      images: count,
      loadMs: out.loadMs,
      medianCpuMs: perImage,
      medianWallMs: median(wall),
      peakRssKb: out.peakRssKb,
      numberRateNonGlare: numberRate,
      perVariant: Object.fromEntries(
        variants.map((k) => {
          const v = rows.get(k);
          return [
            k,
            {
              ...v,
              ms: undefined,
              cpuMs: undefined,
              medianCpuMs: median(v.cpuMs),
              medianWallMs: median(v.ms),
            },
          ];
        }),
      ),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? fallback : args[i + 1];
  };
  const r = await benchOcr({
    people: Number(flag('people', '5')),
    maxSide: Number(flag('max-side', '1280')),
    backs: !args.includes('--no-backs'),
  });
  for (const l of r.lines) process.stdout.write(`${l}\n`);
}
