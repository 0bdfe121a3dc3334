import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog } from '../../shared/audit/log-export.js';
import { formatVerifierKey } from '../../shared/audit/signed-note.js';
import { sealedHistory, signer } from '../../test/fixtures/sealed-history.js';
import { verifyExportFile } from './audit-verify-stream.js';

import type { SealedEvent } from '../../shared/audit/history.js';

let dir: string;
let events: SealedEvent[];
let hashThread: { readonly script: string };
let hashSource: { readonly source: string };
const file = (name: string) => path.join(dir, name);
const key = formatVerifierKey(signer);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-audit-stream-'));
  // What the command's threads run, built on its own as the build bundles it.
  hashThread = { script: file('hash-worker.cjs') };
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'audit-hash-worker.ts');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: hashThread.script, logLevel: 'silent' });
  // And as the command carries it: the code itself, run as the thread's script.
  const bundled = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, minify: true, logLevel: 'silent' });
  hashSource = { source: bundled.outputFiles[0]?.text ?? '' };
  events = sealedHistory(Array.from({ length: 3100 }, (_, i) => `title ${i}`));
  const whole = exportAuditLog(events, events, signer, 'every event', new Date('2026-12-01T09:00:00.000Z'));
  await writeFile(file('whole.jsonl'), whole);
  const lines = whole.split('\n');
  // Two problems in pages checked in different threads: the first by line is the one named.
  lines[2500] = (lines[2500] ?? '').replace('"title":"title 2499"', '"title":"title 2499!"');
  lines[1200] = (lines[1200] ?? '').replace('"title":"title 1199"', '"title":"title 1199!"');
  await writeFile(file('two-altered.jsonl'), lines.join('\n'));
  // Lines ending in a carriage return too, as an editor may leave them; read a few hundred bytes at a time, they run across reads.
  await writeFile(file('crlf.jsonl'), `\uFEFF${whole.replaceAll('\n', '\r\n')}\r\n`);
  await writeFile(file('gap.jsonl'), whole.replace(`\n${lines[9] ?? ''}\n`, '\n\n'));
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifying an export file a page at a time', () => {
  it('gives the same verdict with its pages checked in threads as in one', async () => {
    const here = await verifyExportFile(file('whole.jsonl'), key, { threads: 0 });
    expect(here).toMatchObject({ ok: true, events: 3100, complete: true });
    expect(await verifyExportFile(file('whole.jsonl'), key, { threads: 2, hashThread })).toEqual(here);
    expect(await verifyExportFile(file('crlf.jsonl'), key, { threads: 2, hashThread, chunkBytes: 997 })).toEqual(here);
    expect(await verifyExportFile(file('whole.jsonl'), key, { threads: 0, chunkBytes: 100 })).toEqual(here);
    expect(await verifyExportFile(file('whole.jsonl'), key, { threads: 2, hashThread: hashSource })).toEqual(here);
  });

  it('names the first line wrong, whichever thread checked the page it is in', async () => {
    const expected = { ok: false, line: 1201, seq: 1200, reason: 'Event #1200 was changed: its content no longer matches the hash recorded with it.' };
    expect(await verifyExportFile(file('two-altered.jsonl'), key, { threads: 0 })).toEqual(expected);
    expect(await verifyExportFile(file('two-altered.jsonl'), key, { threads: 2, hashThread })).toEqual(expected);
  });

  it('refuses an empty line with lines after it, naming it', async () => {
    expect(await verifyExportFile(file('gap.jsonl'), key, { threads: 2, hashThread })).toEqual({ ok: false, line: 10, seq: null, reason: 'Line 10 is not an exported event: it is empty.' });
  });
});

describe('the tree of the first events, for an earlier checkpoint', () => {
  it('is the root the history had at that size, the same in threads as in one, wherever the size falls among the pages', async () => {
    for (const size of [1, 1000, 1024, 1025, 2048, 3099, 3100]) {
      const here = await verifyExportFile(file('whole.jsonl'), key, { threads: 0, treeAt: size });
      expect(here, String(size)).toMatchObject({ ok: true, events: 3100, complete: true, treeAt: { size, rootHash: events[size - 1]?.root, firstMissing: null } });
      expect(await verifyExportFile(file('whole.jsonl'), key, { threads: 2, hashThread, treeAt: size }), String(size)).toEqual(here);
      expect(await verifyExportFile(file('crlf.jsonl'), key, { threads: 0, chunkBytes: 997, treeAt: size }), String(size)).toEqual(here);
    }
  });

  it('is computed only when asked for, and names the first event missing when it cannot be rebuilt', async () => {
    expect(await verifyExportFile(file('whole.jsonl'), key, { threads: 0 })).not.toHaveProperty('treeAt');
    const beyond = await verifyExportFile(file('whole.jsonl'), key, { threads: 0, treeAt: 3101 });
    expect(beyond).toMatchObject({ ok: true, treeAt: { size: 3101, rootHash: null, firstMissing: 3101 } });
  });
});
