import { useId } from 'react';
import type { StoredReport } from '../../../../shared/report/stored-report.js';
import { diffReports } from '../../../../shared/report/report-diff.js';
import type { PrintDecision } from '../../data/export-gateway.js';
import { formatDateTime } from '../../ui/format.js';
import { TableHead } from '../../ui/TableHead.js';

/** The versions made of the report, the one shown, what changed since the one before it, and the files saved from it. */
export function ReportVersions({ versions, shown, onChoose, decision }: { readonly versions: readonly StoredReport[]; readonly shown: StoredReport; readonly onChoose: (id: string) => void; readonly decision: PrintDecision | string | undefined }) {
  const pickId = useId();
  const previous = versions.find((v) => v.version === shown.version - 1);
  const changes = previous ? diffReports(previous.report, shown.report) : [];
  return (
    <div className="report-versions">
      <div className="report-versions__bar">
        <label htmlFor={pickId}>Report version</label>
        <select id={pickId} value={shown.id} onChange={(e) => onChoose(e.target.value)}>
          {[...versions].reverse().map((v) => (
            <option key={v.id} value={v.id}>{`Version ${v.version} — ${formatDateTime(v.createdAt)}, ${v.createdBy}`}</option>
          ))}
        </select>
        <span className="muted">{typeof decision === 'string' ? decision : decision ? `Its files are marked ${decision.banner}.` : ''}</span>
        <span className="muted report-versions__hash" title="SHA-256 of the report’s canonical JSON, as the history records it">{`SHA-256 ${shown.sha256.slice(0, 16)}…`}</span>
      </div>
      {previous && (
        <table className="report-changes" aria-label={`Changes from version ${previous.version} to version ${shown.version}`}>
          <caption>{changes.length === 0 ? `Nothing in the determination, findings or plan changed since version ${previous.version}.` : `What changed since version ${previous.version}`}</caption>
          {changes.length > 0 && <TableHead columns={['Part', 'What', `Version ${previous.version}`, `Version ${shown.version}`]} />}
          <tbody>
            {changes.map((c, i) => (
              <tr key={i}>
                <td>{c.area}</td>
                <td>{c.what}</td>
                <td>{c.before}</td>
                <td>{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.outputs.length > 0 && (
        <p className="muted report-versions__saved">{`Saved from this version: ${shown.outputs.map((o) => `${o.fileName} (${o.format.toUpperCase()}${o.signed ? ', signed' : ''})`).join(', ')}.`}</p>
      )}
    </div>
  );
}
