import { describe, expect, it } from 'vitest';
import { checkpointNote } from '../audit/history.js';
import { verifyAuditExport, exportAuditLog } from '../audit/log-export.js';
import { formatVerifierKey } from '../audit/signed-note.js';
import { ORIGIN, sealedHistory, signer, stranger } from '../../test/fixtures/sealed-history.js';
import { reportAtCheckpoint } from '../../test/fixtures/report/report-from-history.js';
import { sampleReport, sampleReportFile } from '../../test/fixtures/report/sample-report.js';
import { CheckpointProblem, proveCheckpoint, readCheckpointToProve } from './report-checkpoint.js';

const events = sealedHistory(['opened', 'scored', 'closed', 'reopened', 'closed again']);
const exported = exportAuditLog(events, events, signer, 'every event', new Date('2026-12-01T09:00:00.000Z'));
const problemOf = (text: string) => {
  try {
    readCheckpointToProve(text);
    return 'read';
  } catch (e) {
    return e instanceof CheckpointProblem ? e.message : `not a CheckpointProblem: ${String(e)}`;
  }
};

describe("reading a report's checkpoint to prove", () => {
  it('reads it from a report, indented or not, and from a bare note', () => {
    const report = reportAtCheckpoint(events, 3);
    const expected = { named: "The report's checkpoint", origin: ORIGIN, treeSize: 3, rootHash: events[2]?.root };
    expect(readCheckpointToProve(JSON.stringify(report, null, 2))).toMatchObject(expected);
    expect(readCheckpointToProve(`\uFEFF${JSON.stringify(report)}`)).toMatchObject(expected);
    const third = events[2];
    if (!third) throw new Error('The history has a third event.');
    expect(readCheckpointToProve(checkpointNote(ORIGIN, 3, third, signer.name))).toMatchObject({ ...expected, named: 'The checkpoint' });
  });

  it('says what is wrong with a report it cannot prove: not JSON, not a report, no checkpoint, fields that are not the note', () => {
    expect(problemOf('{ "report": ')).toMatch(/^This is not a review report: it is not JSON \(/);
    const file = sampleReportFile();
    expect(problemOf(JSON.stringify({ ...file, report: { ...file.report, version: 0 } }))).toBe('This is not a review report the app reads: /report/version: Too small: expected number to be >0.');
    const base = sampleReport();
    expect(problemOf(JSON.stringify(sampleReportFile({ ...base, provenance: { ...base.provenance, checkpoint: null } })))).toBe(
      'The report names no checkpoint: it was made without a signed review history, so there is nothing to hold this history against.',
    );
    const report = reportAtCheckpoint(events, 3);
    const checkpoint = report.report.provenance.checkpoint;
    if (!checkpoint) throw new Error('The report has a checkpoint.');
    const moved = { ...report, report: { ...report.report, provenance: { ...report.report.provenance, checkpoint: { ...checkpoint, treeSize: 5, rootHash: events[4]?.root ?? '' } } } };
    expect(problemOf(JSON.stringify(moved))).toBe(`The report's checkpoint says ${ORIGIN} at 5 events, root ${events[4]?.root ?? ''}, but the signed note it quotes says ${ORIGIN} at 3 events, root ${events[2]?.root ?? ''}.`);
    expect(problemOf(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— ${ORIGIN} AAAA\n`)).toBe('The checkpoint is of a history of no events: it proves nothing.');
  });
});

describe('proving a checkpoint against a verified export', () => {
  const verdictWith = (treeAt: number, key?: string) => {
    const verdict = verifyAuditExport(exported, key, { treeAt });
    if (!verdict.ok) throw new Error(verdict.reason);
    return verdict;
  };

  it('accepts the checkpoint of each earlier size, and refuses one whose root is not the tree rebuilt at its size', () => {
    for (const size of [1, 2, 3, 4, 5]) {
      const checkpoint = readCheckpointToProve(JSON.stringify(reportAtCheckpoint(events, size)));
      expect(proveCheckpoint(checkpoint, verdictWith(size, formatVerifierKey(signer))), String(size)).toMatchObject({ ok: true });
    }
    const forked = sealedHistory(['opened', 'scored', 'closed', 'reopened!']);
    const checkpoint = readCheckpointToProve(JSON.stringify(reportAtCheckpoint(forked, 4)));
    expect(proveCheckpoint(checkpoint, verdictWith(4))).toEqual({
      ok: false,
      problem: `The report's checkpoint (4 events, root ${forked[3]?.root ?? ''}) is not this history's tree at 4 events (root ${events[3]?.root ?? ''}): the history was rewritten after 4 events, or the checkpoint is another history's.`,
    });
  });

  it('refuses a checkpoint signed by another key than the export is checked with', () => {
    const checkpoint = readCheckpointToProve(JSON.stringify(reportAtCheckpoint(sealedHistory(['opened', 'scored'], stranger), 2, stranger)));
    expect(proveCheckpoint(checkpoint, verdictWith(2))).toEqual({ ok: false, problem: "The report's checkpoint is not signed by the key the export names: No signature on this note is by a known key." });
  });
});
