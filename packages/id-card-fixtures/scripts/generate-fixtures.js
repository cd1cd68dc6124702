// Regenerates fixtures/*.jpg and fixtures/manifest.json from the built package (run `pnpm run fixtures`).
// Each file must stay ≤ 60 KB: the JPEG quality is stepped down until it fits.
const { writeFileSync, mkdirSync, readdirSync, unlinkSync } = require('node:fs');
const { join } = require('node:path');
const { FIXTURES, FIXTURES_DIR, generateCard, findVariant } = require('../dist');

const MAX_BYTES = 60 * 1024;

async function main() {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const file of readdirSync(FIXTURES_DIR)) {
    if (file.endsWith('.jpg')) unlinkSync(join(FIXTURES_DIR, file));
  }
  const manifest = [];
  for (const f of FIXTURES) {
    let quality = findVariant(f.variant).jpegQuality;
    let image = await generateCard(f.person, f.variant, { side: f.side });
    while (image.length > MAX_BYTES && quality > 40) {
      quality -= 6;
      image = await generateCard(f.person, f.variant, { side: f.side, jpegQuality: quality });
    }
    if (image.length > MAX_BYTES) throw new Error(`${f.file} is ${image.length} bytes`);
    writeFileSync(join(FIXTURES_DIR, f.file), image);
    manifest.push({
      file: f.file,
      person: f.person.key,
      name: f.person.name,
      idNumber: f.person.idNumber,
      side: f.side,
      variant: f.variant,
      validUntil: f.person.validUntil,
      jpegQuality: quality,
      bytes: image.length,
    });
    console.log(`${f.file}  q${quality}  ${(image.length / 1024).toFixed(1)} KB`);
  }
  writeFileSync(join(FIXTURES_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
