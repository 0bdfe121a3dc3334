import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { expect, test } from '@playwright/test';
import { round, withBenchWorker, writeBenchResults } from './bench-app.js';

/**
 * `npm run bench`: a review bundle with a 1 GiB attachment (BENCH_BUNDLE_MIB to change it),
 * exported and re-imported on disk with Node's native ChaCha20-Poly1305 and SHA-512, as the desktop
 * app's main process does for the page (files handed over in slices into the encrypting writer; the bundle checked
 * into quarantine and its files read back and hashed), side by side with the `age` CLI encrypting and decrypting the
 * same file. Each operation runs in a process of its own; its peak memory is that process's
 * largest resident set. Targets: at least the age CLI's throughput, and under 256 MiB of memory
 * whatever the size.
 */

const MIB = Number(process.env.BENCH_BUNDLE_MIB ?? 1024);

interface Measured {
  readonly ms: number;
  readonly maxRssMiB: number;
}

/** Runs a command, timing it and polling its peak resident set (VmHWM) until it exits. */
function measure(command: string, args: readonly string[]): Promise<Measured & { readonly stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKiB = 0;
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm?.[1]) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        // The process has just exited.
      }
    }, 10);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${command} exited ${code}: ${stderr}`));
      else resolve({ ms: performance.now() - start, maxRssMiB: peakKiB / 1024, stdout });
    });
  });
}

test('bundle export and import of a large attachment, against the age CLI', async () => {
  test.setTimeout(20 * 60_000);
  await withBenchWorker('bundle-worker', async (worker, work) => {
    const attachment = path.join(work, 'attachment.bin');
    const fd = openSync(attachment, 'w');
    const block = Buffer.alloc(16 * 1024 * 1024);
    for (let written = 0; written < MIB * 1024 * 1024; written += block.length) writeSync(fd, randomFillSync(block));
    closeSync(fd);
    const identity = await generateIdentity();
    const identityFile = path.join(work, 'key.txt');
    writeFileSync(identityFile, `${identity}\n`);
    const recipient = await identityToRecipient(identity);
    const bundle = path.join(work, 'bench.frbundle');

    const ours = (result: Measured & { readonly stdout: string }) => {
      const inner = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
      return { ms: inner.ms, maxRssMiB: Math.max(inner.maxRssMiB, result.maxRssMiB) };
    };
    const exported = ours(await measure(process.execPath, [worker, 'export', attachment, bundle, identity]));
    const imported = ours(await measure(process.execPath, [worker, 'import', bundle, identity, work]));
    const ageEncrypted = await measure('age', ['-r', recipient, '-o', path.join(work, 'attachment.age'), attachment]);
    const ageDecrypted = await measure('age', ['-d', '-i', identityFile, '-o', path.join(work, 'attachment.out'), path.join(work, 'attachment.age')]);

    const primitives = JSON.parse((await measure(process.execPath, [worker, 'floor', attachment])).stdout.trim().split('\n').at(-1) ?? '{}') as { sha512Ms: number; chachaMs: number };
    const row = (operation: string, m: Measured) => ({ operation, MiB: MIB, seconds: round(m.ms / 1000), MiBPerS: round(MIB / (m.ms / 1000)), peakMiB: round(m.maxRssMiB) });
    const rows = [row('export bundle (desktop app: hand-over, encrypt, write)', exported), row('age -r (encrypt)', ageEncrypted), row('import bundle (desktop app: check, quarantine, read back)', imported), row('age -d (decrypt)', ageDecrypted),
      row('floor: SHA-512 of the attachment, one pass', { ms: primitives.sha512Ms, maxRssMiB: 0 }),
      row('floor: ChaCha20-Poly1305 of the attachment, one pass', { ms: primitives.chachaMs, maxRssMiB: 0 }),
      // An export hashes every file for the manifest and the ciphertext for the outer signature, and
      // encrypts once: its least CPU time, were it spread perfectly over this machine's cores.
      row(`floor: 2 × SHA-512 + ChaCha20-Poly1305, over ${availableParallelism()} cores`, { ms: (2 * primitives.sha512Ms + primitives.chachaMs) / availableParallelism(), maxRssMiB: 0 }),
    ];
    console.log(`\nReview bundle with a ${MIB} MiB attachment, on disk, against the age CLI on the same file:\n`);
    console.table(rows);
    console.log(`Results: ${writeBenchResults('bundle', rows)}`);
    expect(rows.every((r) => r.seconds > 0)).toBe(true);
  });
});
