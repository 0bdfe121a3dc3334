// `npm run lint:electron`: Electronegativity (Doyensec's Electron security scanner) over electron/
// and the page it loads, failing on any finding or any file it could not parse. The CLI exits 0
// even with findings, so this drives its API. AvailableSecurityFixes is left out: it asks the
// network which Electron releases exist, and this runs offline.
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** @type {(options: Record<string, unknown>) => Promise<{ globalChecks: number; atomicChecks: number; issues: { id: string; file: string; location: { line: number; column: number }; description: string }[]; errors: { file: string; message: string }[] }>} */
const electronegativity = require('@doyensec/electronegativity');

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// The scanner takes one folder: the main and preload sources, plus the page they load (its CSP
// meta tag is part of what is checked).
const scanRoot = await mkdtemp(path.join(tmpdir(), 'frontier-review-electronegativity-'));
try {
  await cp(path.join(root, 'electron'), path.join(scanRoot, 'electron'), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  await cp(path.join(root, 'renderer', 'index.html'), path.join(scanRoot, 'renderer', 'index.html'));

  const result = await electronegativity({
    input: scanRoot,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
  });
  const problems = [
    ...result.issues.map((i) => `${i.id} ${i.file}:${i.location.line}:${i.location.column}  ${i.description}`),
    ...result.errors.map((e) => `could not parse ${path.relative(scanRoot, e.file)}: ${e.message}`),
  ];
  console.log(`Electronegativity: ${result.atomicChecks} atomic and ${result.globalChecks} global checks over electron/ and renderer/index.html (Electron ${electronVersion}).`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`${problems.length} finding(s).`);
    process.exitCode = 1;
  } else {
    console.log('No findings.');
  }
} finally {
  await rm(scanRoot, { recursive: true, force: true });
}
