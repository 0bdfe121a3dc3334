import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { FINDING_TYPE_LABELS, compareSeverity, type Evidence, type Finding } from '../../../../shared/findings/finding.js';
import { portionMark } from '../../../../shared/marking/marking.js';
import { formatDateTime } from '../../ui/format.js';
import { DeleteLink, LinkButton } from '../../ui/LinkButton.js';
import type { TableFeatures } from '../../ui/table-features.js';
import { PortionMark } from '../marking/PortionMark.js';
import type { EvidenceFocus } from '../results/ResultsPanel.js';
import { ProductStatusSummary } from './ProductStatuses.js';
import './findings.css';

const column = createColumnHelper<TableFeatures, Finding>();

/**
 * The columns of a packet's findings table: marking, the finding with its CVE and CWE, kind,
 * severity, products by status, status, evidence, when last updated, and the actions. `onEdit` and
 * `onDelete` should be stable (state setters), as the columns are made once for them.
 */
export function useFindingColumns(
  runNames: ReadonlyMap<string, string>,
  onOpenEvidence: (focus: EvidenceFocus) => void,
  onEdit: (editing: { readonly finding: Finding }) => void,
  onDelete: (finding: Finding) => void,
  /** Edit and Delete are left out for whoever the data layer would refuse them. */
  mayChange: boolean,
) {
  return useMemo(
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
            if (!mayChange) return null;
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
            if (!mayChange) return null;
            return (
              <span className={`severity severity--${f.severity}`} title={f.cvss ? f.cvss.vector : undefined}>
                {f.severity}
                {f.cvss && ` ${f.cvss.baseScore}`}
              </span>
            );
          },
        }),
        column.accessor((f) => f.affectedProducts.length, {
          id: 'products',
          header: 'Products',
          sortFn: 'basic',
          enableGlobalFilter: false,
          cell: (info) => (info.row.original.type === 'software-vulnerability' ? <ProductStatusSummary finding={info.row.original} title={info.row.original.title} /> : <span className="muted">—</span>),
        }),
        column.accessor('status', { header: 'Status', sortFn: 'text', filterFn: 'equals', enableGlobalFilter: false }),
        column.accessor((f) => f.evidence.length, { id: 'evidence', header: 'Evidence', sortFn: 'basic', enableGlobalFilter: false, cell: (info) => <EvidenceList evidence={info.row.original.evidence} runNames={runNames} onOpen={onOpenEvidence} /> }),
        column.accessor('updatedAt', { header: 'Updated', sortFn: 'text', enableGlobalFilter: false, cell: (info) => <span className="nowrap">{formatDateTime(info.getValue())}</span> }),
        column.display({
          id: 'actions',
          header: () => <span className="visually-hidden">Actions</span>,
          cell: (info) => {
            const f = info.row.original;
            if (!mayChange) return null;
            return (
              <>
                <LinkButton label={`Edit the finding ${f.title}`} onClick={() => onEdit({ finding: f })}>
                  Edit
                </LinkButton>
                <DeleteLink what={`the finding ${f.title}`} onClick={() => onDelete(f)} />
              </>
            );
          },
        }),
      ]),
    [runNames, onOpenEvidence, onEdit, onDelete, mayChange],
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
