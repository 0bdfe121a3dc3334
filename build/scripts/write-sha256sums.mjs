// Writes release/SHA256SUMS for the installers `npm run dist` made, so a copy carried to an
// air-gapped workstation can be checked there with `sha256sum -c SHA256SUMS`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sha256sums } from './release-files.mjs';

const releaseDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'release'));
try {
  const sums = await sha256sums(releaseDir);
  writeFileSync(path.join(releaseDir, 'SHA256SUMS'), sums);
  process.stdout.write(`${path.join(releaseDir, 'SHA256SUMS')}:\n${sums}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
