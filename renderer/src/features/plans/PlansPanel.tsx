import { useMemo, useState } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import { packetChangeRefusal, useSession } from '../../app/profile-session.js';
import type { PlanRisk, PlanVersion } from '../../../../shared/plans/remediation-plan.js';
import { useServices } from '../../app/services.js';
import { useFindings, usePlanVersions } from '../../data/hooks.js';
import { fileNamePart } from '../../ui/file-name.js';
import { formatDateTime } from '../../ui/format.js';
import { PanelToolbar } from '../../ui/PanelToolbar.js';
import { TableHead } from '../../ui/TableHead.js';
import { OSCAL_VERSION_WRITTEN } from '../../../../shared/oscal/poam-write.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { ImportDocumentDialog } from '../documents/ImportDocumentDialog.js';
import { PlanComparison } from './PlanComparison.js';
import { PlanEditorDialog } from './PlanEditorDialog.js';
import { PlanProblemsNote } from './PlanProblemsNote.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { PortionMark } from '../marking/PortionMark.js';
import { documentMarkings } from '../../../../shared/export/file-marking.js';
import './plans.css';

/** A packet's remediation plan: every version the developer sent, and the items of the one chosen. */
export function PlansPanel({ packet }: { readonly packet: Packet }) {
  const { plans, exports, findings: findingStore, session } = useServices();
  const refusal = packetChangeRefusal(useSession(session), packet);
  const versions = usePlanVersions(plans, packet.id);
  const findings = useFindings(findingStore, packet.id);
  const [importing, setImporting] = useState(false);
  // The version being edited, fixed when the editor opens: a version added meanwhile must not become its base.
  const [editing, setEditing] = useState<PlanVersion | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  // The versions, and the findings the editor links their items to.
  useDisplayedMarkings(useMemo(() => [...(versions ?? []), ...(findings ?? [])].map((v) => v.marking), [versions, findings]));
  // The latest version, unless the reviewer chose another.
  const latest = versions?.at(-1);
  const shown = versions?.find((v) => v.id === chosen) ?? latest;

  async function exportVersion(version: PlanVersion) {
    const result = await exports.saveFile({
      kind: 'plan-oscal',
      what: `version ${version.version} of the plan ${version.content.title}`,
      records: [{ type: 'remediation-plan', id: version.id, marking: version.marking }],
      dialogTitle: 'Export the plan as OSCAL',
      suggestedName: `${fileNamePart(version.content.title)}-v${version.version}.oscal.json`,
      body: { format: 'oscal', document: plans.exportVersion(version) },
    });
    if (!result.ok) setMessage(`Export failed: ${result.error.message}`);
    else if (result.value.saved) setMessage(`Exported version ${version.version} to ${result.value.fileName} as OSCAL ${OSCAL_VERSION_WRITTEN}, marked ${result.value.banner}.`);
  }

  return (
    <div className="results">
      <PanelToolbar actionLabel="Import plan…" onAction={() => setImporting(true)} message={message} refusal={refusal}>
        {!refusal && (
          <button type="button" disabled={!latest || !findings} onClick={() => setEditing(latest)}>
            Edit latest version…
          </button>
        )}
      </PanelToolbar>
      <section aria-labelledby="plan-versions-title">
        <h3 id="plan-versions-title" className="section-title">
          Plan versions {versions && <span className="muted">({versions.length})</span>}
        </h3>
        {versions === undefined ? (
          <p className="loading">Loading plans…</p>
        ) : versions.length === 0 ? (
          <p className="empty">No remediation plan yet. Import the developer&apos;s OSCAL plan of action and milestones (.json).</p>
        ) : (
          <table className="data-table plan-versions-table" aria-labelledby="plan-versions-title">
            <TableHead columns={['Marking', { label: 'Version', numeric: true }, 'Plan', { label: 'Items', numeric: true }, 'Problems', 'Added']} actions />
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} className={v.id === shown?.id ? 'is-selected' : undefined}>
                  <td>
                    <PortionMark marking={v.marking} />
                  </td>
                  <td className="num">{v.version}</td>
                  <td>
                    {v.content.title} <span className="muted">({v.content.version}, OSCAL {v.content.oscalVersion})</span>
                    <div className="plan-versions-table__file" title={`${v.source.fileName}\nSHA-256 ${v.source.sha256}`}>
                      {v.editedFrom === null ? v.source.fileName : `edited in Frontier Review from version ${v.editedFrom}`}
                    </div>
                  </td>
                  <td className="num">{v.content.items.length}</td>
                  <td>{v.problems.length === 0 ? <span className="muted">none</span> : <span className="run-status run-status--error">{v.problems.length}</span>}</td>
                  <td className="nowrap">{formatDateTime(v.importedAt)}</td>
                  <td className="plan-actions">
                    <LinkButton onClick={() => setChosen(v.id)} pressed={v.id === shown?.id}>
                      Items
                    </LinkButton>
                    <LinkButton onClick={() => void exportVersion(v)}>Export OSCAL</LinkButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {shown && <PlanVersionView version={shown} />}
      {versions && versions.length >= 2 && <PlanComparison versions={versions} />}
      {editing && findings && (
        <PlanEditorDialog
          version={editing}
          findings={findings}
          onClose={() => setEditing(undefined)}
          onSaved={({ version, linksChanged }) => {
            setEditing(undefined);
            if (version) setChosen(version.id);
            const links = linksChanged === 0 ? '' : `${version ? '; ' : ''}links of ${linksChanged} finding${linksChanged === 1 ? '' : 's'} changed`;
            setMessage(`Saved${version ? ` the edit as version ${version.version}` : ''}${links}.`);
          }}
        />
      )}
      {importing && (
        <ImportDocumentDialog
          title={`Import a remediation plan into ${packet.developer} ${packet.modelName}`}
          fileLabel="Plan file"
          kind="OSCAL plan of action and milestones, JSON, OSCAL 1.0 or 1.1"
          markingLegend="Marking of this plan"
          markingsOf={(bytes) => documentMarkings('oscal', bytes)}
          initialMarking={packet.marking}
          onClose={() => setImporting(false)}
          onImport={async (fileName, bytes, marking) => {
            const result = await plans.importVersion(packet.id, fileName, bytes, marking);
            if (!result.ok) return result.error.message;
            const version = result.value;
            setImporting(false);
            setChosen(version.id);
            setMessage(
              `Imported ${version.source.fileName} as version ${version.version}${version.problems.length > 0 ? `, with ${version.problems.length} problem${version.problems.length === 1 ? '' : 's'} noted` : ''}.`,
            );
            return undefined;
          }}
        />
      )}
    </div>
  );
}

/** The items of one plan version, each with the risks it answers and when it is due. */
function PlanVersionView({ version }: { readonly version: PlanVersion }) {
  const risks = new Map(version.content.risks.map((r) => [r.uuid, r]));
  return (
    <section aria-labelledby="plan-items-title">
      <h3 id="plan-items-title" className="section-title">
        Items of version {version.version} <span className="muted">({version.content.title})</span>
      </h3>
      <PlanProblemsNote problems={version.problems} />
      <table className="data-table plan-items-table" aria-labelledby="plan-items-title">
        <TableHead columns={['Item', 'Risks', 'Status', 'Deadline', 'Remediation', 'Next milestone']} />
        <tbody>
          {version.content.items.map((item) => {
            const answered = item.relatedRisks.map((id) => risks.get(id)).filter((r): r is PlanRisk => r !== undefined);
            const remediations = answered.flatMap((r) => r.remediations);
            // Date-times in different time zones sort by the instant, not the text.
            const milestones = remediations.flatMap((m) => m.milestones).filter((m) => m.end !== null).sort((a, b) => instant(a.end) - instant(b.end));
            const deadlines = answered.map((r) => r.deadline).filter((d): d is string => d !== null).sort((a, b) => instant(a) - instant(b));
            return (
              <tr key={item.uuid}>
                <td>
                  <strong>{item.title}</strong>
                  <div className="muted plan-item__description">{item.description}</div>
                  {item.owner !== null && <div className="muted">Owner: {item.owner}</div>}
                </td>
                <td>{answered.length === 0 ? <span className="muted">none linked</span> : answered.map((r) => r.title).join('; ')}</td>
                <td>{answered.map((r) => r.status).join(', ')}</td>
                <td className="nowrap">{deadlines[0] ? formatDateTime(deadlines[0]) : '—'}</td>
                <td>{remediations.map((m) => `${m.lifecycle}${m.responseType ? ` (${m.responseType})` : ''}`).join(', ') || '—'}</td>
                <td>{milestones[0] ? `${milestones[0].title} · ${formatDateTime(milestones[0].end ?? '')}${milestones[0].owner === null ? '' : ` · ${milestones[0].owner}`}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function instant(dateTime: string | null): number {
  return dateTime === null ? Number.POSITIVE_INFINITY : Date.parse(dateTime);
}
