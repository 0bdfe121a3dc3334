// `npm start`: runs the built app in Electron. Electron's npm package fetches its runtime on
// first run; on an offline workstation that cannot work, so say so in one line, not a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath, electronPackageDir } from './electron-runtime.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OFFLINE =
  'Frontier Review cannot start: the Electron runtime is not installed and could not be downloaded (offline?). ' +
  'See README.md, "Offline workstations", or run `npm run web` to use Frontier Review in a browser.';

let binary = electronBinaryPath();
if (binary === undefined) {
  const dir = electronPackageDir();
  if (dir !== undefined) {
    // A progress note on a terminal only, erased afterwards, so the outcome is the one line left.
    const note = process.stdout.isTTY ? 'Fetching the Electron runtime (first run only)...' : '';
    process.stdout.write(note);
    spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 15 * 60_000 });
    if (note) process.stdout.write(`\r${' '.repeat(note.length)}\r`);
    binary = electronBinaryPath();
  }
}
if (binary === undefined) {
  console.error(OFFLINE);
  process.exit(1);
}

const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
