import { useState } from 'react';
import {
  CSAF_PUBLISHER_CATEGORIES,
  CSAF_TLP_LABELS,
  csafRequestProblem,
  csafTrackingId,
  writeCsaf,
  type CsafExportRequest,
  type CsafPublisherCategory,
  type CsafTlpLabel,
} from '../../../../shared/csaf/csaf-write.js';
import type { Finding } from '../../../../shared/findings/finding.js';
import { UNCLASSIFIED, bannerText, bannerOf } from '../../../../shared/marking/marking.js';
import { AGENCY_NAMES, AGENCY_NAMESPACES } from '../../../../shared/packet/agencies.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useServices } from '../../app/services.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { SelectField } from '../../ui/SelectField.js';
import { fileNamePart } from '../../ui/file-name.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';

const TLP_OPTIONS = Object.fromEntries(CSAF_TLP_LABELS.map((label) => [label, `TLP:${label}`])) as Readonly<Record<CsafTlpLabel, string>>;

const TLP_HINTS: Readonly<Record<CsafTlpLabel, string>> = {
  WHITE: 'no limit on disclosure',
  GREEN: 'the community, not publicly',
  AMBER: 'recipients’ organizations, need to know',
  RED: 'named recipients only',
};

/**
 * Exports the packet's third-party software vulnerabilities as a CSAF 2.0 advisory for the
 * clearinghouse. The document's distribution statement carries the marking of what it holds.
 */
export function ExportCsafDialog({ packet, findings, onClose, onExported }: { readonly packet: Packet; readonly findings: readonly Finding[]; readonly onClose: () => void; readonly onExported: (message: string) => void }) {
  const { exports, appInfo } = useServices();
  const vulnerabilities = findings.filter((f) => f.type === 'software-vulnerability');
  const agency = packet.agencies.find((a) => a !== 'Other');
  const [publisher, setPublisher] = useState({ name: agency ? AGENCY_NAMES[agency] : '', namespace: agency ? AGENCY_NAMESPACES[agency] : '', category: 'discoverer' as CsafPublisherCategory });
  const [tlp, setTlp] = useState<CsafTlpLabel>('AMBER');
  const [title, setTitle] = useState(`Vulnerabilities found in the review of ${packet.developer} ${packet.modelName}`);
  const [summary, setSummary] = useState(`Third-party software vulnerabilities found by or with ${packet.developer} ${packet.modelName} (${packet.modelVersion}) during its pre-release review.`);
  const [problem, setProblem] = useState<string | undefined>();
  // The title and summary name the packet: its marking counts with the vulnerabilities'.
  const records = [{ type: 'packet', id: packet.id, marking: packet.marking }, ...vulnerabilities.map((f) => ({ type: 'finding', id: f.id, marking: f.marking }))];
  const marking = bannerOf(records.map((r) => r.marking));
  useDisplayedMarkings([marking]);

  async function exportAdvisory() {
    const now = new Date();
    const trackingId = csafTrackingId(packet.id, now);
    const request: CsafExportRequest = {
      title: title.trim(),
      trackingId,
      publisher: { name: publisher.name.trim(), namespace: publisher.namespace.trim(), category: publisher.category },
      tlp,
      marking,
      summary: summary.trim(),
      findings: vulnerabilities,
      now,
      generator: { name: appInfo.name, version: appInfo.version },
    };
    const problem = csafRequestProblem(request);
    if (problem !== undefined) {
      setProblem(problem);
      return;
    }
    const saved = await exports.saveFile({
      kind: 'findings-csaf',
      what: `${vulnerabilities.length} vulnerabilit${vulnerabilities.length === 1 ? 'y' : 'ies'} of ${packet.developer} ${packet.modelName} as CSAF advisory ${trackingId}`,
      records,
      dialogTitle: 'Export CSAF advisory',
      suggestedName: `${fileNamePart(trackingId)}.csaf.json`,
      body: { format: 'csaf', document: writeCsaf(request) },
      // TLP:WHITE puts no limit on disclosure: only what is unclassified and uncontrolled may go under it.
      ...(tlp === 'WHITE' ? { destination: { label: 'a TLP:WHITE advisory, which puts no limit on disclosure, allows at most', ceiling: UNCLASSIFIED } } : {}),
    });
    if (!saved.ok) setProblem(`Export failed: ${saved.error.message}`);
    else if (saved.value.saved) onExported(`Exported ${vulnerabilities.length} vulnerabilit${vulnerabilities.length === 1 ? 'y' : 'ies'} as CSAF 2.0 advisory ${trackingId} to ${saved.value.fileName}, marked ${saved.value.banner}.`);
  }

  return (
    <Modal
      title="Export for the clearinghouse (CSAF 2.0)"
      onClose={onClose}
      wide
      actions={<DialogActions onCancel={onClose} actLabel="Export advisory" disabled={vulnerabilities.length === 0} onAct={() => void exportAdvisory()} />}
    >
      <form className="form-grid form-grid--three" onSubmit={(e) => (e.preventDefault(), void exportAdvisory())}>
        <p className="form-grid__wide" data-testid="csaf-export-summary">
          {vulnerabilities.length === 0
            ? 'This packet has no third-party software vulnerabilities to export. Model capabilities and safeguard gaps leave as OSCAL risks.'
            : `${vulnerabilities.length} third-party software vulnerabilit${vulnerabilities.length === 1 ? 'y' : 'ies'}; the advisory is marked ${bannerText(marking)} in its distribution statement.`}
        </p>
        <Field label="Title" className="form-grid__wide">
          {(ids) => <input {...ids} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label="Publisher" className="form-grid__wide">
          {(ids) => <input {...ids} value={publisher.name} onChange={(e) => setPublisher({ ...publisher, name: e.target.value })} />}
        </Field>
        <Field label="Publisher namespace">
          {(ids) => <input {...ids} value={publisher.namespace} onChange={(e) => setPublisher({ ...publisher, namespace: e.target.value })} />}
        </Field>
        <SelectField label="Publisher role" value={publisher.category} options={CSAF_PUBLISHER_CATEGORIES} onChange={(category) => setPublisher({ ...publisher, category })} />
        <SelectField label="Traffic Light Protocol" value={tlp} options={TLP_OPTIONS} hint={TLP_HINTS[tlp]} onChange={setTlp} />
        <Field label="Summary" className="form-grid__wide">
          {(ids) => <textarea {...ids} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}
        </Field>
        <div className="form-grid__wide">
          <FormAlert problem={problem} />
        </div>
      </form>
    </Modal>
  );
}
