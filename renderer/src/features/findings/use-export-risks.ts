import type { Evidence, Finding } from '../../../../shared/findings/finding.js';
import { findingsAsRisks, isModelWeakness } from '../../../../shared/oscal/findings-as-risks.js';
import { writePoam } from '../../../../shared/oscal/poam-write.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { useServices } from '../../app/services.js';
import { fileNamePart } from '../../ui/file-name.js';

/**
 * Exports a packet's model capabilities and safeguard gaps, which fit no CVE, as OSCAL risks,
 * through the export gateway; says how it went through `setMessage`.
 */
export function useExportRisks(
  packet: Packet,
  findings: readonly Finding[] | undefined,
  runs: readonly BenchmarkRun[] | undefined,
  runNames: ReadonlyMap<string, string>,
  setMessage: (message: string) => void,
): () => Promise<void> {
  const { exports } = useServices();
  return async function exportRisks() {
    const weaknesses = (findings ?? []).filter(isModelWeakness);
    if (weaknesses.length === 0) {
      setMessage('There are no model capability or safeguard gap findings to export as OSCAL risks.');
      return;
    }
    const describeEvidence = (e: Evidence) => (e.kind === 'run' ? `benchmark run ${runNames.get(e.runId) ?? e.runId}${e.sampleId === null ? '' : `, sample ${e.sampleId}`}` : `file ${e.fileName} (SHA-256 ${e.sha256})`);
    const plan = await findingsAsRisks({ title: `Findings of the review of ${packet.developer} ${packet.modelName} ${packet.modelVersion}`, packetId: packet.id, findings: weaknesses, now: new Date(), describeEvidence });
    // The document names the packet and the runs its evidence points at: their markings count too.
    const cited = new Set(weaknesses.flatMap((f) => f.evidence.flatMap((e) => (e.kind === 'run' ? [e.runId] : []))));
    const saved = await exports.saveFile({
      kind: 'findings-oscal',
      what: `${weaknesses.length} finding${weaknesses.length === 1 ? '' : 's'} of ${packet.developer} ${packet.modelName} as OSCAL risks`,
      records: [
        { type: 'packet', id: packet.id, marking: packet.marking },
        ...weaknesses.map((f) => ({ type: 'finding', id: f.id, marking: f.marking })),
        ...(runs ?? []).filter((r) => cited.has(r.id)).map((r) => ({ type: 'benchmark-run', id: r.id, marking: r.marking })),
      ],
      dialogTitle: 'Export findings as OSCAL risks',
      suggestedName: `${fileNamePart(`${packet.developer}-${packet.modelName}-findings`)}.oscal.json`,
      body: { format: 'oscal', document: writePoam(plan) },
    });
    if (!saved.ok) setMessage(`Export failed: ${saved.error.message}`);
    else if (saved.value.saved) setMessage(`Exported ${weaknesses.length} finding${weaknesses.length === 1 ? '' : 's'} as OSCAL risks, marked ${saved.value.banner}, to ${saved.value.fileName}.`);
  };
}
