import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipFileWriter } from '../../test/fixtures/inspect/zip-writer.js';
import { bytesSource } from '../zip/byte-source.js';
import { ZipArchive } from '../zip/zip-reader.js';
import { SampleTranscripts } from './sample-transcripts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sample-transcripts-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function transcriptsOf(names: readonly string[]): Promise<SampleTranscripts> {
  const file = path.join(dir, `${names.length}-${Math.random().toString(36).slice(2)}.eval`);
  const writer = new ZipFileWriter(file);
  for (const name of names) writer.add({ name, data: new TextEncoder().encode('{}') });
  writer.close();
  return SampleTranscripts.of(await ZipArchive.open(bytesSource('log.eval', new Uint8Array(readFileSync(file)))));
}

function pathOf(transcripts: SampleTranscripts, key: string): string | null {
  const [id = '', epoch = ''] = key.split('_epoch_');
  const at = transcripts.find(/^\d+$/.test(id) ? Number(id) : id, Number(epoch));
  return at < 0 ? null : transcripts.path(at);
}

describe('SampleTranscripts', () => {
  const names = ['header.json', 'samples/a_epoch_1.json', 'samples/HumanEval/0_epoch_1.json', 'samples/a_epoch_2.json', 'samples/b_epoch_1/sample.json', 'samples/b_epoch_1/messages.json', 'summaries.json'];

  it('finds each sample-epoch’s transcript, in the order of the directory or out of it', async () => {
    const inOrder = await transcriptsOf(names);
    expect(['a_epoch_1', 'HumanEval/0_epoch_1', 'a_epoch_2', 'b_epoch_1'].map((k) => pathOf(inOrder, k))).toEqual([
      'samples/a_epoch_1.json',
      'samples/HumanEval/0_epoch_1.json',
      'samples/a_epoch_2.json',
      'samples/b_epoch_1/',
    ]);
    const shuffled = await transcriptsOf(names);
    expect(['b_epoch_1', 'a_epoch_1', 'missing_epoch_1', 'a_epoch_2', 'HumanEval/0_epoch_1', 'a_epoch_3'].map((k) => pathOf(shuffled, k))).toEqual([
      'samples/b_epoch_1/',
      'samples/a_epoch_1.json',
      null,
      'samples/a_epoch_2.json',
      'samples/HumanEval/0_epoch_1.json',
      null,
    ]);
  });

  it('tells apart ids and epochs that spell alike, numbers and text alike', async () => {
    const transcripts = await transcriptsOf(['samples/7_epoch_1.json', 'samples/7_epoch_10.json', 'samples/x_epoch_1_epoch_2.json', 'samples/x_epoch_12.json']);
    const path = (id: string | number, epoch: number) => {
      const at = transcripts.find(id, epoch);
      return at < 0 ? null : transcripts.entry(at).name;
    };
    expect([path(7, 10), path('7', 1), path(71, 0), path('x_epoch_1', 2), path('x', 12), path('x', 1), path(7, 1)]).toEqual([
      'samples/7_epoch_10.json',
      'samples/7_epoch_1.json',
      null,
      'samples/x_epoch_1_epoch_2.json',
      'samples/x_epoch_12.json',
      null,
      'samples/7_epoch_1.json',
    ]);
  });

  it('lets each transcript be claimed once, and lists the unclaimed ones in directory order with the key each name spells', async () => {
    const transcripts = await transcriptsOf(names);
    const a = transcripts.find('a', 2);
    expect(transcripts.claim(a)).toBe(true);
    expect(transcripts.claim(transcripts.find('a', 2))).toBe(false);
    expect([...transcripts.unclaimed()].map(({ entry, key, path: where }) => [entry.name, key, where])).toEqual([
      ['samples/a_epoch_1.json', 'a_epoch_1', 'samples/a_epoch_1.json'],
      ['samples/HumanEval/0_epoch_1.json', 'HumanEval/0_epoch_1', 'samples/HumanEval/0_epoch_1.json'],
      ['samples/b_epoch_1/sample.json', 'b_epoch_1', 'samples/b_epoch_1/'],
    ]);
  });

  it('takes the layout written last for a sample with both, and the last entry of a name', async () => {
    const transcripts = await transcriptsOf(['samples/x_epoch_1.json', 'samples/x_epoch_1/sample.json', 'samples/y_epoch_1/sample.json', 'samples/y_epoch_1.json', 'samples/z_epoch_1.json', 'samples/z_epoch_1.json']);
    expect(['x_epoch_1', 'y_epoch_1', 'z_epoch_1'].map((k) => pathOf(transcripts, k))).toEqual(['samples/x_epoch_1/', 'samples/y_epoch_1.json', 'samples/z_epoch_1.json']);
    // The z entry found is the second of its name, the one written last.
    const entries = [...(await transcriptsOf(['samples/z_epoch_1.json', 'samples/z_epoch_1.json'])).unclaimed()].map(({ entry }) => entry.localHeaderOffset);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toBeGreaterThan(0);
  });
});
