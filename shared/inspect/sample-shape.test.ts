import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInspectLog } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { providedPath } from '../../test/fixtures/provided.js';
import { FileProblem } from '../errors/file-problem.js';
import { bytesSource } from '../zip/byte-source.js';
import { ZipArchive } from '../zip/zip-reader.js';
import { sampleScoresSchema } from './inspect-schema.js';
import { parseWith, readJsonEntry } from './log-entries.js';
import { toSampleRow } from './sample-rows.js';
import { checkedSampleScores, sampleScoresOrUndefined } from './sample-shape.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sample-shape-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every sample summary and whole sample a log holds, as parsed JSON. */
async function samplesOf(file: string): Promise<unknown[]> {
  const bytes = new Uint8Array(readFileSync(file));
  if (file.endsWith('.json')) return ((JSON.parse(new TextDecoder().decode(bytes)) as { samples?: unknown[] }).samples ?? []);
  const zip = await ZipArchive.open(bytesSource(file, bytes));
  const values: unknown[] = [];
  for (const entry of zip.entries) {
    const value = await readJsonEntry(zip, entry, 1 << 30);
    if (entry.name === 'summaries.json' || entry.name.startsWith('_journal/summaries/')) values.push(...(value as unknown[]));
    else if (entry.name.startsWith('samples/') && entry.name.endsWith('.json') && !entry.name.includes('/messages/')) values.push(value);
  }
  return values;
}

/** The row the schema's output gives, and the row the hand-written check's output gives. */
function bothRows(value: unknown) {
  const bySchema = parseWith('log.eval', 'summaries.json', sampleScoresSchema, value);
  const byHand = checkedSampleScores('log.eval', 'summaries.json', value);
  return { bySchema: toSampleRow(bySchema, null), byHand: toSampleRow(byHand, null), byHandIsInput: byHand === value };
}

describe('checkedSampleScores', () => {
  it('gives the rows the schema gives for every sample in the provided logs, without copying them', async () => {
    const folder = providedPath('inspect');
    let checked = 0;
    for (const name of readdirSync(folder)) {
      for (const value of await samplesOf(path.join(folder, name))) {
        const { bySchema, byHand, byHandIsInput } = bothRows(value);
        expect(byHand, name).toEqual(bySchema);
        expect(byHandIsInput, name).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('gives the rows the schema gives for a generated log with NaN scores, errors and limits', async () => {
    const generated = await generateInspectLog(path.join(dir, 'nan.eval'), { samples: 80, epochs: 2, nanRate: 0.2, errorRate: 0.1, limitRate: 0.1, turns: 0, seed: 3 });
    const values = await samplesOf(generated.path);
    const rows = values.map(bothRows);
    for (const { bySchema, byHand } of rows) expect(byHand).toEqual(bySchema);
    expect(rows.every((r) => r.byHandIsInput)).toBe(true);
    // The log had what the check must pass through unchanged: NaN scores, errors and limits.
    expect(rows.some((r) => Object.values(r.byHand.scores).some((s) => Number.isNaN(s.value)))).toBe(true);
    expect(rows.some((r) => r.byHand.error !== null)).toBe(true);
    expect(rows.some((r) => r.byHand.limit !== null)).toBe(true);
  });

  it('refuses what the schema refuses, in the schema’s words', () => {
    const wrong: unknown[] = [
      null,
      [],
      { id: '', epoch: 1 },
      { id: 'a'.repeat(1001), epoch: 1 },
      { id: Number.NaN, epoch: 1 },
      { id: true, epoch: 1 },
      { id: 'a', epoch: 0 },
      { id: 'a', epoch: 1.5 },
      { id: 'a', epoch: '1' },
      { id: 'a', epoch: 1, scores: [] },
      { id: 'a', epoch: 1, scores: { s: 'C' } },
      { id: 'a', epoch: 1, scores: { s: { value: 'C', answer: 3 } } },
      { id: 'a', epoch: 1, error: { traceback: 'x' } },
      { id: 'a', epoch: 1, error: 7 },
      { id: 'a', epoch: 1, limit: { type: 3 } },
      { id: 'a', epoch: 1, limit: { type: 'message', limit: 'fifty' } },
    ];
    for (const value of wrong) {
      const bySchema = sampleScoresSchema.safeParse(value);
      expect(bySchema.success, JSON.stringify(value)).toBe(false);
      let message = '';
      try {
        checkedSampleScores('log.eval', 'summaries.json', value);
      } catch (e) {
        expect(e).toBeInstanceOf(FileProblem);
        message = (e as FileProblem).message;
      }
      expect(message, JSON.stringify(value)).toMatch(/^log\.eval: summaries\.json: (the field "[^"]+"|its top level) is wrong: /);
      expect(() => parseWith('log.eval', 'summaries.json', sampleScoresSchema, value)).toThrow(message);
      expect(sampleScoresOrUndefined(value), JSON.stringify(value)).toBeUndefined();
    }
  });

  it('keeps the values of a summary it accepts, a NaN score and an absent answer included', () => {
    const value = { id: 7, epoch: 2, scores: { s: { value: Number.NaN } }, error: null, limit: { type: 'time', limit: 60 }, extra: [1] };
    const row = toSampleRow(checkedSampleScores('log.eval', 'summaries.json', value), null);
    expect(row).toEqual({ id: 7, epoch: 2, scores: { s: { value: Number.NaN, answer: null } }, error: null, limit: 'time', transcript: null });
    expect('answer' in (checkedSampleScores('log.eval', 'summaries.json', value).scores?.s ?? {})).toBe(false);
    expect(sampleScoresOrUndefined(value)).toBe(value);
  });
});
