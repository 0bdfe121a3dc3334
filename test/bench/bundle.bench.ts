import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, openSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { expect, test } from '@playwright/test';
import { round, withBenchWorker, writeBenchResults } from './bench-app.js';

/**
 * `npm run bench`: a review bundle with a 1 GiB attachment (BENCH_BUNDLE_MIB to change it),
 * exported and re-imported on disk as the desktop app's main process does it for the page (files
 * handed over in slices into the encrypting writer, which seals on a thread per core and syncs the
 * bundle to disk; the bundle checked into quarantine and its files read back, as the page copies them in), side by
 * side with the `age` CLI encrypting and decrypting the same file, alone and followed by `sync`
 * (age syncs nothing; an export does). Then the same export and import on 1, 2 and 4 crypto threads
 * (BENCH_BUNDLE_THREADS to change them; empty for none). `npx playwright test --config
 * test/bench/playwright.config.ts bundle.bench` runs this benchmark alone.
 *
 * Each operation runs in a process of its own; its peak memory is that process's largest resident
 * set, all its threads together, and its CPU time (user and system, every thread), which a busy
 * machine disturbs less than wall time; both as GNU time (/usr/bin/time) reports them. Each is run
 * BENCH_BUNDLE_RUNS times (2), ours and age's in turn so
 * they share whatever else the machine is doing, and the best run of each is reported. Targets:
 * export at least 0.8× `age -r`'s throughput, import at least 0.8× `age -d`'s, and under 256 MiB.
 */

const MIB = Number(process.env.BENCH_BUNDLE_MIB ?? 1024);
const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 2);
/** Crypto threads the scaling table tries (BENCH_BUNDLE_THREADS, comma-separated; empty for none). */
const THREADS = (process.env.BENCH_BUNDLE_THREADS ?? '1,2,4').split(',').filter(Boolean).map(Number);

interface Measured {
  readonly ms: number;
  /** CPU time, user and system, of the process and all it waited for: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly maxRssMiB: number;
}

/** GNU time's last line on stderr: CPU seconds, user and system, and the peak resident set in KiB. */
const CPU_LINE = /^cpu ([\d.]+) ([\d.]+) (\d+)$/m;

/** Runs a command under GNU time, for its CPU time and peak resident set (its own and whatever it waited for). */
function measure(command: string, args: readonly string[]): Promise<Measured & { readonly stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S %M', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      const cpu = CPU_LINE.exec(stderr);
      if (code !== 0) reject(new Error(`${command} exited ${code}: ${stderr}`));
      else if (!cpu) reject(new Error(`GNU time gave no CPU time for ${command}: ${stderr}`));
      else resolve({ ms, cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000, maxRssMiB: Number(cpu[3]) / 1024, stdout });
    });
  });
}

/** The best of several runs: the least time and CPU time, and the most memory any run took. */
function best(runs: readonly Measured[]): Measured {
  return { ms: Math.min(...runs.map((r) => r.ms)), cpuMs: Math.min(...runs.map((r) => r.cpuMs)), maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)) };
}

test('bundle export and import of a large attachment, against the age CLI', async () => {
  test.setTimeout(60 * 60_000);
  await withBenchWorker('bundle-worker', async (worker, work) => {
    const attachment = path.join(work, 'attachment.bin');
    const fd = openSync(attachment, 'w');
    const block = Buffer.alloc(16 * 1024 * 1024);
    for (let written = 0; written < MIB * 1024 * 1024; written += block.length) writeSync(fd, randomFillSync(block));
    closeSync(fd);
    // The workstation keeps a log under its SHA-256, taken when it was imported: the page names it on export.
    const known = createHash('sha256');
    for await (const chunk of createReadStream(attachment)) known.update(chunk as Buffer);
    const attachmentSha256 = known.digest('hex');
    const identity = await generateIdentity();
    const identityFile = path.join(work, 'key.txt');
    writeFileSync(identityFile, `${identity}\n`);
    const recipient = await identityToRecipient(identity);
    const bundle = path.join(work, 'bench.frbundle');
    const encrypted = path.join(work, 'attachment.age');
    const decrypted = path.join(work, 'attachment.out');

    /** Our worker's own figures, with the process's peak as the bench saw it. */
    const ours = async (args: readonly string[]): Promise<Measured> => {
      const result = await measure(process.execPath, [worker, ...args]);
      const inner = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Measured;
      // The worker's own time leaves out starting Node; its CPU time is the whole process's.
      return { ms: inner.ms, cpuMs: result.cpuMs, maxRssMiB: Math.max(inner.maxRssMiB, result.maxRssMiB) };
    };
    const exportWith = (threads?: number) => ours(['export', attachment, attachmentSha256, bundle, identity, ...(threads ? [String(threads)] : [])]);
    const importWith = (threads?: number) => ours(['import', bundle, identity, work, ...(threads ? [String(threads)] : [])]);
    const age = (args: readonly string[], sync: boolean) => measure('sh', ['-c', `age ${args.map((a) => `'${a}'`).join(' ')}${sync ? ' && sync' : ''}`]);
    const ageEncrypt = (sync: boolean) => age(['-r', recipient, '-o', encrypted, attachment], sync);
    const ageDecrypt = (sync: boolean) => age(['-d', '-i', identityFile, '-o', decrypted, encrypted], sync);

    // Side by side: each of ours, then age's, in turn, RUNS times.
    const runs: Record<'export' | 'import' | 'ageR' | 'ageRSync' | 'ageD' | 'ageDSync', Measured[]> = { export: [], import: [], ageR: [], ageRSync: [], ageD: [], ageDSync: [] };
    for (let i = 0; i < RUNS; i++) {
      runs.export.push(await exportWith());
      runs.ageR.push(await ageEncrypt(false));
      runs.ageRSync.push(await ageEncrypt(true));
      runs.import.push(await importWith());
      runs.ageD.push(await ageDecrypt(false));
      runs.ageDSync.push(await ageDecrypt(true));
      rmSync(decrypted, { force: true });
    }
    const [exported, imported, ageR, ageRSync, ageD, ageDSync] = (['export', 'import', 'ageR', 'ageRSync', 'ageD', 'ageDSync'] as const).map((k) => best(runs[k])) as [Measured, Measured, Measured, Measured, Measured, Measured];
    const row = (operation: string, m: Measured, against?: Measured) => ({
      operation,
      seconds: round(m.ms / 1000),
      MiBPerS: round(MIB / (m.ms / 1000)),
      // Throughput as a share of age's: its time over ours.
      ...(against ? { xAge: round(against.ms / m.ms) } : {}),
      ...(Number.isFinite(m.cpuMs) ? { cpuSeconds: round(m.cpuMs / 1000) } : {}),
      ...(against && Number.isFinite(m.cpuMs) ? { cpuXAge: round(against.cpuMs / m.cpuMs) } : {}),
      peakMiB: round(m.maxRssMiB),
    });
    const sideBySide = [
      row('export bundle (hand-over, encrypt, hash, write, sync)', exported, ageR),
      row('  the same, against age -r && sync', exported, ageRSync),
      row('age -r (encrypt)', ageR),
      row('age -r && sync', ageRSync),
      row('import bundle (check, quarantine, read back)', imported, ageD),
      row('  the same, against age -d && sync', imported, ageDSync),
      row('age -d (decrypt)', ageD),
      row('age -d && sync', ageDSync),
    ];

    // How it scales: the same export and import on 1, 2 and 4 crypto threads.
    const scaling = [];
    for (const threads of THREADS) {
      const e = best([await exportWith(threads)]);
      const im = best([await importWith(threads)]);
      scaling.push({ threads, exportSeconds: round(e.ms / 1000), exportXAge: round(ageR.ms / e.ms), exportCpuSeconds: round(e.cpuMs / 1000), exportPeakMiB: round(e.maxRssMiB), importSeconds: round(im.ms / 1000), importXAge: round(ageD.ms / im.ms), importCpuSeconds: round(im.cpuMs / 1000), importPeakMiB: round(im.maxRssMiB) });
    }

    const primitives = JSON.parse((await measure(process.execPath, [worker, 'floor', attachment])).stdout.trim().split('\n').at(-1) ?? '{}') as { sha256Ms: number; chachaMs: number; chachaStreamMs: number };
    // OpenSSL's own loop over 64 KiB buffers, no allocation between them: the best these primitives do on this machine.
    const opensslSpeed = async (evp: string) => {
      const lines = (await measure('openssl', ['speed', '-seconds', '2', '-bytes', '65536', '-evp', evp])).stdout.trim().split('\n');
      const kBPerS = Number(/([\d.]+)k\s*$/.exec(lines.at(-1) ?? '')?.[1]);
      const ms = ((MIB * 1024 * 1024) / (kBPerS * 1000)) * 1000;
      return { ms, cpuMs: ms, maxRssMiB: 0 };
    };
    const [opensslChacha, opensslSha256] = [await opensslSpeed('chacha20-poly1305'), await opensslSpeed('sha256')];
    const cores = availableParallelism();
    const floors = [
      row('floor: SHA-256 of the attachment, one pass, one thread', { ms: primitives.sha256Ms, cpuMs: primitives.sha256Ms, maxRssMiB: 0 }),
      row('floor: ChaCha20-Poly1305 in 64 KiB chunks, one pass, one thread', { ms: primitives.chachaMs, cpuMs: primitives.chachaMs, maxRssMiB: 0 }),
      row('floor: ChaCha20-Poly1305 as one stream (no chunks), one pass, one thread', { ms: primitives.chachaStreamMs, cpuMs: primitives.chachaStreamMs, maxRssMiB: 0 }),
      row('floor: openssl speed, ChaCha20-Poly1305 over 64 KiB buffers, one thread', opensslChacha),
      row('floor: openssl speed, SHA-256 over 64 KiB buffers, one thread', opensslSha256),
      // An export hashes the ciphertext for the outer signature and the file for the history, and
      // encrypts once (a log is listed by the SHA-256 it is kept under; only small files are hashed):
      // its least CPU time, spread perfectly over the cores.
      row(`floor: export, 2 × SHA-256 + ChaCha20-Poly1305, over ${cores} cores`, { ms: (2 * primitives.sha256Ms + primitives.chachaMs) / cores, cpuMs: 2 * primitives.sha256Ms + primitives.chachaMs, maxRssMiB: 0 }),
      row(`floor: the same at openssl speed's rates, over ${cores} cores`, { ms: (2 * opensslSha256.ms + opensslChacha.ms) / cores, cpuMs: 2 * opensslSha256.ms + opensslChacha.ms, maxRssMiB: 0 }),
      // An import hashes the ciphertext twice (one read checks the signature, the other must be of the same bytes) and every file; the page takes each log's hash from the check.
      row(`floor: import, 3 × SHA-256 + ChaCha20-Poly1305, over ${cores} cores`, { ms: (3 * primitives.sha256Ms + primitives.chachaMs) / cores, cpuMs: 3 * primitives.sha256Ms + primitives.chachaMs, maxRssMiB: 0 }),
      row(`floor: the same at openssl speed's rates, over ${cores} cores`, { ms: (3 * opensslSha256.ms + opensslChacha.ms) / cores, cpuMs: 3 * opensslSha256.ms + opensslChacha.ms, maxRssMiB: 0 }),
    ];
    console.log(`\nReview bundle with a ${MIB} MiB attachment, on disk, against the age CLI on the same file (best of ${RUNS} runs each, in turn; xAge is throughput as a share of age's, cpuXAge the same by CPU time, user and system, all threads; floors' CPU time is their work on one core; targets 0.8 and under 256 MiB):\n`);
    console.table(sideBySide);
    if (scaling.length > 0) {
      console.log(`\nThe same export and import on ${THREADS.join(', ')} crypto threads (one run each; xAge against the age runs above):\n`);
      console.table(scaling);
    }
    console.log(`\nFloors (${cores} cores):\n`);
    console.table(floors);
    console.log(`Results: ${writeBenchResults('bundle', [...sideBySide, ...scaling, ...floors])}`);
    expect([exported, imported, ageR, ageD].every((m) => m.ms > 0)).toBe(true);
  });
});
