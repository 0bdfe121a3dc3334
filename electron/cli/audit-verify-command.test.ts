import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../build/scripts/build-electron.mjs';
import { exportAuditLog } from '../../shared/audit/log-export.js';
import { exportAuditLogV1 } from '../../test/fixtures/audit-export-v1.js';
import { formatVerifierKey } from '../../shared/audit/signed-note.js';
import { ORIGIN, sealedHistory, signer, stranger } from '../../test/fixtures/sealed-history.js';
import { reportAtCheckpoint } from '../../test/fixtures/report/report-from-history.js';
import { checkpointNote, type SealedEvent } from '../../shared/audit/history.js';
import type { JsonValue } from '../../shared/audit/audit-event.js';
import { marking } from '../../shared/marking/marking.js';

let dir: string;
let bin: string;
/** The histories the exports below are of, for reports drawn from them. */
let fourEvents: SealedEvent[];
let manyEvents: SealedEvent[];
const file = (name: string) => path.join(dir, name);
const run = (...args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, 'audit', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-audit-verify-'));
  bin = file('frontier-review.cjs');
  await build({ ...cliBuildOptions, outfile: bin, sourcemap: false, logLevel: 'silent' });
  const events = sealedHistory(['opened', 'scored', 'closed', 'reopened']);
  fourEvents = events;
  const whole = exportAuditLog(events, events, signer, 'every event', new Date('2026-12-01T09:00:00.000Z'));
  await writeFile(file('whole.jsonl'), whole);
  await writeFile(file('part.jsonl'), exportAuditLog(events, events.slice(1, 3), signer, 'events 2 to 3', new Date('2026-12-01T09:00:00.000Z')));
  // An export written before version 2, whole, and with two event lines deleted: what is left still verifies, event by event.
  const wholeV1 = exportAuditLogV1(events, events, signer, 'every event', new Date('2026-12-01T09:00:00.000Z'));
  await writeFile(file('whole-v1.jsonl'), wholeV1);
  await writeFile(file('cut.jsonl'), wholeV1.split('\n').filter((_, i) => i !== 2 && i !== 3).join('\n'));
  // A version 2 export of every event carries no proofs: with lines deleted it proves nothing.
  await writeFile(file('cut-v2.jsonl'), whole.split('\n').filter((_, i) => i !== 2).join('\n'));
  // Pages of 1,024 events.
  const many = sealedHistory(Array.from({ length: 2500 }, (_, i) => `title ${i}`));
  manyEvents = many;
  const manyText = exportAuditLog(many, many, signer, 'every event', new Date('2026-12-01T09:00:00.000Z'));
  await writeFile(file('many.jsonl'), manyText);
  await writeFile(file('many-altered.jsonl'), manyText.replace('"title":"title 2100"', '"title":"title 2100!"'));
  await writeFile(file('altered.jsonl'), whole.replace('"after":{"title":"closed"}', '"after":{"title":"never closed"}'));
  await writeFile(file('relabelled.jsonl'), whole.replace('"banner":"UNCLASSIFIED"', '"banner":"UNCLASSIFIED\\nAll 9 events are here"'));
  const marked = sealedHistory(['x'], signer, (e) => ({ ...e, after: { title: 'x', marking: marking('CUI') } as unknown as JsonValue }));
  await writeFile(file('lowered.jsonl'), exportAuditLog(marked, marked, signer, 'every event', new Date('2026-12-01T09:00:00.000Z')));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('frontier-review audit verify, from the built bin', () => {
  it('verifies a whole export against the key given, and says it is the whole history', async () => {
    const result = await run('verify', file('whole.jsonl'), '--key', formatVerifierKey(signer));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`the history of ${ORIGIN}, exported 2026-12-01T09:00:00.000Z; the export calls itself "every event" (not signed).`);
    expect(result.stdout).toContain(`Checkpoint: 4 events, root `);
    expect(result.stdout).toContain(', the key given.');
    expect(result.stdout).toContain('All 4 events are here, unaltered and in order');
  });

  it('verifies part of the history by its proofs, and exits 4: a script tells it from the whole', async () => {
    const result = await run('verify', file('part.jsonl'), '--key', formatVerifierKey(signer));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('2 of the 4 events are here, each unaltered and proven to be in the signed history; 2 are not: the export is not the whole history.');
    expect(result.stdout).not.toContain('lines were removed');
  });

  it('exits 4 for a whole export with event lines deleted, and warns that it calls itself every event', async () => {
    const result = await run('verify', file('cut.jsonl'), '--key', formatVerifierKey(signer));
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('2 of the 4 events are here, each unaltered and proven to be in the signed history; 2 are not: the export is not the whole history.');
    expect(result.stdout).toContain(`Warning: the export calls itself "every event", but 2 of the checkpoint's events are missing: lines were removed from it.`);
  });

  it('verifies an export written before version 2, whole', async () => {
    const result = await run('verify', file('whole-v1.jsonl'), '--key', formatVerifierKey(signer));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All 4 events are here, unaltered and in order');
  });

  it('refuses a version 2 export of every event with a line deleted, naming the event missing', async () => {
    const result = await run('verify', file('cut-v2.jsonl'), '--key', formatVerifierKey(signer));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cut-v2.jsonl (line 3): Event #2 is missing, and this export carries no inclusion proofs');
  });

  it('verifies an export of several pages, and names an event altered in the last of them', async () => {
    const whole = await run('verify', file('many.jsonl'), '--key', formatVerifierKey(signer));
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain('All 2500 events are here, unaltered and in order');
    const altered = await run('verify', file('many-altered.jsonl'), '--key', formatVerifierKey(signer));
    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain('many-altered.jsonl (line 2102): Event #2101 was changed: its content no longer matches the hash recorded with it.');
  });

  it('asks for a key when none was given, whole or not: exit 3', async () => {
    const part = await run('verify', file('part.jsonl'));
    expect(part.code).toBe(3);
    expect(part.stdout).toContain('2 of the 4 events are here');
    expect(part.stdout).toContain('Warning: no --key was given, so this proves only that the export agrees with itself.');
    expect((await run('verify', file('whole.jsonl'))).code).toBe(3);
    expect((await run('verify', file('cut.jsonl'))).code).toBe(3);
  });

  it('marks the report at the highest marking of the records, whatever the header claims, and prints no line the export wrote', async () => {
    const relabelled = await run('verify', file('relabelled.jsonl'), '--key', formatVerifierKey(signer));
    expect(relabelled.code).toBe(1);
    expect(relabelled.stderr).toContain('(line 1): Line 1 is not the header of a Frontier Review history export: banner: one line of plain text.');
    const lowered = await run('verify', file('lowered.jsonl'), '--key', formatVerifierKey(signer));
    expect(lowered.code).toBe(0);
    expect(lowered.stdout.split('\n')[0]).toBe('CUI');
    expect(lowered.stdout).toContain("Warning: the export's header marks it UNCLASSIFIED, lower than the records it holds (CUI).");
  });

  it('exits 1 naming the event that was altered, or the key that did not sign it', async () => {
    const altered = await run('verify', file('altered.jsonl'));
    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain('altered.jsonl (line 4): Event #3 was changed: its content no longer matches the hash recorded with it.');
    const stranger_ = await run('verify', file('whole.jsonl'), '--key', formatVerifierKey(stranger));
    expect(stranger_.code).toBe(1);
    expect(stranger_.stderr).toContain('The checkpoint is not signed by the key given');
    const missing = await run('verify', file('none.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('none.jsonl could not be read (ENOENT).');
    expect((await run('check', file('whole.jsonl'))).code).toBe(2);
    expect((await run('verify', file('whole.jsonl'), file('part.jsonl'))).code).toBe(2);
    expect((await run('--help')).stdout).toContain('4  verified against the key given, but not every event of the checkpoint is here');
  });
});

describe('frontier-review audit verify --checkpoint, from the built bin', () => {
  const key = formatVerifierKey(signer);
  const writeJson = (name: string, value: unknown) => writeFile(file(name), `${JSON.stringify(value, null, 2)}\n`);

  beforeAll(async () => {
    // Reports drawn from the four-event history when it had 2 and 4 events, and a bare checkpoint note at 3.
    await writeJson('report-at-2.json', reportAtCheckpoint(fourEvents, 2));
    await writeJson('report-at-4.json', reportAtCheckpoint(fourEvents, 4));
    const third = fourEvents[2];
    if (!third) throw new Error('The history has a third event.');
    await writeFile(file('checkpoint-3.note'), checkpointNote(ORIGIN, 3, third, signer.name));
    // The same key, another history: the second event rewritten, so every tree from 2 on differs.
    const rewritten = sealedHistory(['opened', 'scored twice', 'closed', 'reopened']);
    await writeJson('report-rewritten.json', reportAtCheckpoint(rewritten, 3));
    // A report drawn from the history later, after a fifth event.
    await writeJson('report-at-5.json', reportAtCheckpoint(sealedHistory(['opened', 'scored', 'closed', 'reopened', 'closed again']), 5));
    // The same history, sealed by another key.
    await writeJson('report-by-stranger.json', reportAtCheckpoint(sealedHistory(['opened', 'scored', 'closed', 'reopened'], stranger), 4, stranger));
    // An export of the four-event history without its second event, each event with its proof.
    await writeFile(file('without-2.jsonl'), exportAuditLog(fourEvents, fourEvents.filter((e) => e.seq !== 2), signer, 'events but #2', new Date('2026-12-01T09:00:00.000Z')));
    // Reports drawn from the history of 2,500 events inside a page of 1,024, at a page's end, and at its last event.
    for (const size of [1500, 2048, 2500]) await writeJson(`many-report-at-${size}.json`, reportAtCheckpoint(manyEvents, size));
    await writeFile(file('not-a-checkpoint.txt'), 'origin\nnot a size\n');
  });

  it("proves a report's checkpoint at an earlier size than the export is this history's tree at that size, and exits 0", async () => {
    const result = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('report-at-2.json'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`The report's checkpoint (2 events, root ${fourEvents[1]?.root ?? ''}) is this history's tree at 2 events: the history the report was drawn from is unaltered.`);
    expect(result.stdout).toContain('All 4 events are here, unaltered and in order');
    const atEnd = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('report-at-4.json'));
    expect(atEnd.code).toBe(0);
    expect(atEnd.stdout).toContain(`The report's checkpoint (4 events, root ${fourEvents[3]?.root ?? ''}) is this history's tree at 4 events`);
  });

  it('proves a bare checkpoint note, and a report against an export written before version 2', async () => {
    const note = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('checkpoint-3.note'));
    expect(note.code).toBe(0);
    expect(note.stdout).toContain(`The checkpoint (3 events, root ${fourEvents[2]?.root ?? ''}) is this history's tree at 3 events: the history up to it is unaltered.`);
    const v1 = await run('verify', file('whole-v1.jsonl'), '--key', key, '--checkpoint', file('report-at-2.json'));
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain("The report's checkpoint (2 events");
  });

  it('proves checkpoints inside a page of 1,024 events, at its end, and at the last event', async () => {
    for (const size of [1500, 2048, 2500]) {
      const result = await run('verify', file('many.jsonl'), '--key', key, '--checkpoint', file(`many-report-at-${size}.json`));
      expect(result.code, `${size}: ${result.stderr}`).toBe(0);
      expect(result.stdout, String(size)).toContain(`The report's checkpoint (${size} events, root ${manyEvents[size - 1]?.root ?? ''}) is this history's tree at ${size} events`);
    }
  });

  it('exits 1 for a checkpoint of another tree, naming both roots', async () => {
    const result = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('report-rewritten.json'));
    expect(result.code).toBe(1);
    // The export itself verified, and says so; the checkpoint is refused on stderr.
    expect(result.stdout).toContain('All 4 events are here');
    expect(result.stdout).not.toContain('is this history');
    expect(result.stderr).toMatch(/report-rewritten\.json: The report's checkpoint \(3 events, root [0-9a-f]{64}\) is not this history's tree at 3 events \(root [0-9a-f]{64}\): the history was rewritten after 3 events, or the checkpoint is another history's\./);
    expect(result.stderr).toContain(`(root ${fourEvents[2]?.root ?? ''})`);
  });

  it('exits 1 for a checkpoint larger than the export, or one signed by another key', async () => {
    const later = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('report-at-5.json'));
    expect(later.code).toBe(1);
    expect(later.stderr).toContain("The report's checkpoint is at 5 events, but this export's checkpoint is at only 4: it was drawn from a later history than this export holds. Export the history again.");
    const byStranger = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('report-by-stranger.json'));
    expect(byStranger.code).toBe(1);
    expect(byStranger.stdout).toBe('');
    expect(byStranger.stderr).toContain("report-by-stranger.json: The report's checkpoint is not signed by the key given: No signature on this note is by a known key.");
    const noKey = await run('verify', file('whole.jsonl'), '--checkpoint', file('report-by-stranger.json'));
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("The report's checkpoint is not signed by the key the export names");
  });

  it('exits 1 when an event the checkpoint covers is not in the export, naming it', async () => {
    const result = await run('verify', file('without-2.jsonl'), '--key', key, '--checkpoint', file('report-at-4.json'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('3 of the 4 events are here');
    expect(result.stderr).toContain("Event #2 is not in this export, but the report's checkpoint covers events 1 to 4: its tree can be rebuilt only from every one of them. Export the whole history.");
    // Events the checkpoint does not cover may be missing: only its first event is needed for a report at 1.
    await writeFile(file('report-at-1.json'), JSON.stringify(reportAtCheckpoint(fourEvents, 1)));
    const first = await run('verify', file('without-2.jsonl'), '--key', key, '--checkpoint', file('report-at-1.json'));
    expect(first.code).toBe(4);
    expect(first.stdout).toContain("The report's checkpoint (1 events");
  });

  it('says what is wrong with a file that is neither a report nor a checkpoint, before reading the history', async () => {
    const neither = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('not-a-checkpoint.txt'));
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('not-a-checkpoint.txt: This is neither a review report nor a checkpoint note: a signed note is its text, a blank line and its signatures.');
    const missing = await run('verify', file('whole.jsonl'), '--key', key, '--checkpoint', file('no-report.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-report.json could not be read (ENOENT).');
    expect((await run('--help')).stdout).toContain('--checkpoint <file>   A review report');
  });
});
