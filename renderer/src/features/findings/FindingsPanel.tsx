import { createColumnHelper, useTable, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { FINDING_STATUSES, FINDING_TYPE_LABELS, SEVERITIES, compareSeverity, type Evidence, type Finding } from '../../../../shared/findings/finding.js';
import { portionMark } from '../../../../shared/marking/marking.js';
import { findingsAsRisks, isModelWeakness } from '../../../../shared/oscal/findings-as-risks.js';
import { writePoam } from '../../../../shared/oscal/poam-write.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useServices } from '../../app/services.js';
import { useFindings, usePlanVersions, useRuns } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { FilterSelect } from '../../ui/FilterSelect.js';
import { fileNamePart } from '../../ui/file-name.js';
import { formatDateTime } from '../../ui/format.js';
import { DeleteLink, LinkButton } from '../../ui/LinkButton.js';
import { PanelToolbar } from '../../ui/PanelToolbar.js';
import { SortableTable } from '../../ui/SortableTable.js';
import { TABLE_FEATURES, type TableFeatures } from '../../ui/table-features.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { ImportDocumentDialog } from '../documents/ImportDocumentDialog.js';
import { ExportCsafDialog } from './ExportCsafDialog.js';
import { FindingDialog } from './FindingDialog.js';
import type { EvidenceFocus } from '../results/ResultsPanel.js';
import { FindingsAgainstPlan } from './FindingsAgainstPlan.js';
import { PortionMark } from '../marking/PortionMark.js';
import { documentMarkings } from '../../../../shared/export/file-marking.js';

const column = createColumnHelper<TableFeatures, Finding>();
const STATUS_OPTIONS = Object.fromEntries(FINDING_STATUSES.map((s) => [s, s]));
const SEVERITY_OPTIONS = Object.fromEntries(SEVERITIES.map((s) => [s, s]));

/** A packet's findings: recorded, deduplicated, exported for the clearinghouse and held against the plan. */
export function FindingsPanel({ packet, onOpenEvidence }: { readonly packet: Packet; readonly onOpenEvidence: (focus: EvidenceFocus) => void }) {
  const { findings: store, results, plans, exports } = useServices();
  const findings = useFindings(store, packet.id);
  const runs = useRuns(results, packet.id);
  const versions = usePlanVersions(plans, packet.id);
  const latestPlan = versions?.at(-1);
  const [editing, setEditing] = useState<{ readonly finding: Finding | undefined } | undefined>();
  const [exportingCsaf, setExportingCsaf] = useState(false);
  const [importingCsaf, setImportingCsaf] = useState(false);
  const [deleting, setDeleting] = useState<Finding | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [csafProblems, setCsafProblems] = useState<readonly string[]>([]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'severity', desc: true }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [search, setSearch] = useState('');
  // The findings, the runs their evidence names, and the plan version they are held against are all on screen.
  useDisplayedMarkings(useMemo(() => [...(findings ?? []), ...(runs ?? []), ...(versions ?? []).slice(-1)].map((r) => r.marking), [findings, runs, versions]));

  const runNames = useMemo(() => new Map((runs ?? []).map((r) => [r.id, `${r.task} · ${r.model}`])), [runs]);
  const columns = useMemo(
    () =>
      column.columns([
        column.accessor((f) => portionMark(f.marking), { id: 'marking', header: 'Marking', enableSorting: false, enableGlobalFilter: false, cell: (info) => <PortionMark marking={info.row.original.marking} /> }),
        // The search box reads this column: the title, and the CVE and CWE shown under it.
        column.accessor((f) => [f.title, f.cveId, f.cwe].filter((part) => part !== null).join(' '), {
          id: 'title',
          header: 'Finding',
          sortFn: 'text',
          cell: (info) => {
            const f = info.row.original;
            return (
              <>
                <strong>{f.title}</strong>
                {f.reports > 1 && <span className="badge" title="Reports of the same issue merged into this finding">{f.reports} reports</span>}
                <div className="muted finding-ids">{[f.cveId, f.cwe].filter((id) => id !== null).join(' · ')}</div>
              </>
            );
          },
        }),
        column.accessor('type', { header: 'Kind', sortFn: 'text', filterFn: 'equals', enableGlobalFilter: false, cell: (info) => FINDING_TYPE_LABELS[info.getValue()] }),
        column.accessor('severity', {
          header: 'Severity',
          filterFn: 'equals',
          enableGlobalFilter: false,
          sortFn: (a, b) => compareSeverity(a.original.severity, b.original.severity) || (a.original.cvss?.baseScore ?? 0) - (b.original.cvss?.baseScore ?? 0),
          cell: (info) => {
            const f = info.row.original;
            return (
              <span className={`severity severity--${f.severity}`} title={f.cvss ? f.cvss.vector : undefined}>
                {f.severity}
                {f.cvss && ` ${f.cvss.baseScore}`}
              </span>
            );
          },
        }),
        column.accessor('status', { header: 'Status', sortFn: 'text', filterFn: 'equals', enableGlobalFilter: false }),
        column.accessor((f) => f.evidence.length, { id: 'evidence', header: 'Evidence', sortFn: 'basic', enableGlobalFilter: false, cell: (info) => <EvidenceList evidence={info.row.original.evidence} runNames={runNames} onOpen={onOpenEvidence} /> }),
        column.accessor('updatedAt', { header: 'Updated', sortFn: 'text', enableGlobalFilter: false, cell: (info) => <span className="nowrap">{formatDateTime(info.getValue())}</span> }),
        column.display({
          id: 'actions',
          header: () => <span className="visually-hidden">Actions</span>,
          cell: (info) => {
            const f = info.row.original;
            return (
              <>
                <LinkButton label={`Edit the finding ${f.title}`} onClick={() => setEditing({ finding: f })}>
                  Edit
                </LinkButton>
                <DeleteLink what={`the finding ${f.title}`} onClick={() => setDeleting(f)} />
              </>
            );
          },
        }),
      ]),
    [runNames, onOpenEvidence],
  );
  const data = useMemo(() => findings ?? [], [findings]);
  const table = useTable({
    features: TABLE_FEATURES,
    columns,
    data,
    state: { sorting, columnFilters, globalFilter: search },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setSearch,
    globalFilterFn: 'includesString',
  });
  const rows = table.getRowModel().rows;
  const filterValue = (id: string) => {
    const value = columnFilters.find((f) => f.id === id)?.value;
    return typeof value === 'string' ? value : '';
  };
  const setFilter = (id: string, value: string) => table.getColumn(id)?.setFilterValue(value === '' ? undefined : value);

  async function exportRisks() {
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
  }

  return (
    <div className="results">
      <PanelToolbar actionLabel="Record finding…" onAction={() => setEditing({ finding: undefined })} message={message}>
        <button
          type="button"
          onClick={() => {
            setCsafProblems([]);
            setImportingCsaf(true);
          }}
        >
          Import CSAF…
        </button>
        <button type="button" onClick={() => setExportingCsaf(true)}>
          Export CSAF…
        </button>
        <button type="button" onClick={() => void exportRisks()}>
          Export OSCAL risks
        </button>
      </PanelToolbar>
      {csafProblems.length > 0 && (
        <div className="editor__notice plan-problems" role="note">
          <p>What the advisory held that could not come across:</p>
          <ul>
            {csafProblems.map((p, index) => (
              // The list only ever changes whole, and the same text can come twice.
              <li key={index}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <section aria-labelledby="findings-title">
        <h3 id="findings-title" className="section-title">
          Findings {findings && <span className="muted">({findings.length})</span>}
        </h3>
        {findings === undefined ? (
          <p className="loading">Loading findings…</p>
        ) : findings.length === 0 ? (
          <p className="empty">No findings yet. Record what the review found: capabilities of concern, safeguard gaps, and vulnerabilities the model found in others&apos; software.</p>
        ) : (
          <>
            <div className="table-controls">
              <label>
                Search <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Title, CVE or CWE" />
              </label>
              <FilterSelect label="Kind" value={filterValue('type')} options={FINDING_TYPE_LABELS} onChange={(value) => setFilter('type', value)} />
              <FilterSelect label="Severity" value={filterValue('severity')} options={SEVERITY_OPTIONS} onChange={(value) => setFilter('severity', value)} />
              <FilterSelect label="Status" value={filterValue('status')} options={STATUS_OPTIONS} onChange={(value) => setFilter('status', value)} />
            </div>
            <SortableTable table={table} className="findings-table" labelledBy="findings-title" />
            {rows.length === 0 && <p className="empty">No findings match.</p>}
          </>
        )}
      </section>
      {findings && versions && <FindingsAgainstPlan packet={packet} findings={findings} plan={latestPlan} />}
      {editing && runs && (
        <FindingDialog
          packet={packet}
          finding={editing.finding}
          runs={runs}
          planItems={latestPlan?.content.items ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={(text) => {
            setEditing(undefined);
            setMessage(text);
          }}
        />
      )}
      {exportingCsaf && findings && (
        <ExportCsafDialog
          packet={packet}
          findings={findings}
          onClose={() => setExportingCsaf(false)}
          onExported={(text) => {
            setExportingCsaf(false);
            setMessage(text);
          }}
        />
      )}
      {importingCsaf && (
        <ImportDocumentDialog
          title={`Import a CSAF advisory into ${packet.developer} ${packet.modelName}`}
          fileLabel="Advisory file"
          kind="CSAF 2.0, JSON"
          markingLegend="Marking of the findings it brings"
          markingsOf={(bytes) => documentMarkings('csaf', bytes)}
          initialMarking={packet.marking}
          onClose={() => setImportingCsaf(false)}
          onImport={async (fileName, bytes, marking) => {
            const result = await store.importCsaf(packet.id, fileName, bytes, marking);
            if (!result.ok) return result.error.message;
            const { trackingId, created, merged, problems } = result.value;
            setImportingCsaf(false);
            setCsafProblems(problems.map((p) => `${p.where}: ${p.message}`));
            setMessage(
              `Imported ${trackingId}: ${created} new finding${created === 1 ? '' : 's'}, ${merged} merged into findings of the same issue${problems.length > 0 ? `; ${problems.length} problem${problems.length === 1 ? '' : 's'} noted below` : ''}.`,
            );
            return undefined;
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the finding "${deleting.title}"?`}
          confirmLabel="Delete finding"
          destructive
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(undefined);
            void store.delete(target.id).then((result) => setMessage(result.ok ? `Deleted "${target.title}".` : result.error.message));
          }}
        >
          <p>The finding leaves this packet; its history stays in the review history.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function EvidenceList({ evidence, runNames, onOpen }: { readonly evidence: readonly Evidence[]; readonly runNames: ReadonlyMap<string, string>; readonly onOpen: (focus: EvidenceFocus) => void }) {
  if (evidence.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="finding-evidence-list">
      {evidence.map((e) =>
        e.kind === 'run' ? (
          <li key={`run:${e.runId}:${e.sampleId ?? ''}`}>
            {runNames.has(e.runId) ? (
              <LinkButton title="Show on the Results tab" onClick={() => onOpen({ runId: e.runId, sampleId: e.sampleId })}>
                {runNames.get(e.runId)}
                {e.sampleId !== null && ` · sample ${e.sampleId}`}
              </LinkButton>
            ) : (
              <span className="muted">a deleted run{e.sampleId !== null && ` · sample ${e.sampleId}`}</span>
            )}
          </li>
        ) : (
          <li key={`file:${e.sha256}`} title={`SHA-256 ${e.sha256}`}>
            {e.fileName}
          </li>
        ),
      )}
    </ul>
  );
}
