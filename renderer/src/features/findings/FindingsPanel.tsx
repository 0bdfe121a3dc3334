import { useTable, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { FINDING_STATUSES, FINDING_TYPE_LABELS, SEVERITIES, type Finding } from '../../../../shared/findings/finding.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useServices } from '../../app/services.js';
import { useFindings, usePlanVersions, useRuns } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { FilterSelect } from '../../ui/FilterSelect.js';
import { PanelToolbar } from '../../ui/PanelToolbar.js';
import { packetChangeRefusal, useSession } from '../../app/profile-session.js';
import { SortableTable } from '../../ui/SortableTable.js';
import { TABLE_FEATURES } from '../../ui/table-features.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { ExportCsafDialog } from './ExportCsafDialog.js';
import { FindingDialog } from './FindingDialog.js';
import type { EvidenceFocus } from '../results/ResultsPanel.js';
import { FindingsAgainstPlan } from './FindingsAgainstPlan.js';
import { CsafImport } from './CsafImport.js';
import { CsafImportNotes, type CsafImportOutcome } from './CsafImportNotes.js';
import { useFindingColumns } from './finding-columns.js';
import { useExportRisks } from './use-export-risks.js';
import './findings.css';

const STATUS_OPTIONS = Object.fromEntries(FINDING_STATUSES.map((s) => [s, s]));
const SEVERITY_OPTIONS = Object.fromEntries(SEVERITIES.map((s) => [s, s]));

/** A packet's findings: recorded, deduplicated, exported for the clearinghouse and held against the plan. */
export function FindingsPanel({ packet, onOpenEvidence }: { readonly packet: Packet; readonly onOpenEvidence: (focus: EvidenceFocus) => void }) {
  const { findings: store, results, plans, session } = useServices();
  const refusal = packetChangeRefusal(useSession(session), packet);
  const findings = useFindings(store, packet.id);
  const runs = useRuns(results, packet.id);
  const versions = usePlanVersions(plans, packet.id);
  const latestPlan = versions?.at(-1);
  const [editing, setEditing] = useState<{ readonly finding: Finding | undefined } | undefined>();
  const [exportingCsaf, setExportingCsaf] = useState(false);
  const [importingCsaf, setImportingCsaf] = useState(false);
  const [deleting, setDeleting] = useState<Finding | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [csafOutcome, setCsafOutcome] = useState<CsafImportOutcome>({ problems: [], dropped: [] });
  const [sorting, setSorting] = useState<SortingState>([{ id: 'severity', desc: true }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [search, setSearch] = useState('');
  // The findings, the runs their evidence names, and the plan version they are held against are all on screen.
  useDisplayedMarkings(useMemo(() => [...(findings ?? []), ...(runs ?? []), ...(versions ?? []).slice(-1)].map((r) => r.marking), [findings, runs, versions]));

  const runNames = useMemo(() => new Map((runs ?? []).map((r) => [r.id, `${r.task} · ${r.model}`])), [runs]);
  const columns = useFindingColumns(runNames, onOpenEvidence, setEditing, setDeleting, refusal === undefined);
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

  const exportRisks = useExportRisks(packet, findings, runs, runNames, setMessage);

  return (
    <div className="results">
      <PanelToolbar actionLabel="Record finding…" onAction={() => setEditing({ finding: undefined })} message={message} refusal={refusal}>
        {!refusal && (
          <button
            type="button"
            onClick={() => {
              setCsafOutcome({ problems: [], dropped: [] });
              setImportingCsaf(true);
            }}
          >
            Import CSAF…
          </button>
        )}
        <button type="button" onClick={() => setExportingCsaf(true)}>
          Export CSAF…
        </button>
        <button type="button" onClick={() => void exportRisks()}>
          Export OSCAL risks
        </button>
      </PanelToolbar>
      <CsafImportNotes outcome={csafOutcome} />
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
        <CsafImport
          packet={packet}
          onClose={() => setImportingCsaf(false)}
          onImported={(text, outcome) => {
            setImportingCsaf(false);
            setCsafOutcome(outcome);
            setMessage(text);
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
