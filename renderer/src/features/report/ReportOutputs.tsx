import { useId, useState } from 'react';
import { useServices } from '../../app/services.js';
import type { ReportFormat } from './use-report-output.js';

/**
 * The ways a report version leaves: a PDF (on the desktop, saved straight; in a browser, through its
 * print dialog), a web page, and the JSON companion, signed with the saver's key when they choose.
 */
export function ReportOutputs({ version, busy, canSign, onSave }: { readonly version: number; readonly busy: ReportFormat | undefined; readonly canSign: boolean; readonly onSave: (format: ReportFormat, sign: boolean) => void }) {
  const { appInfo } = useServices();
  const [sign, setSign] = useState(true);
  const signId = useId();
  const desktop = appInfo.shell === 'electron';
  return (
    <div className="report-outputs" role="group" aria-label={`Save version ${version}`}>
      <button type="button" disabled={busy !== undefined} onClick={() => onSave('pdf', false)}>
        {busy === 'pdf' ? 'Making the PDF…' : desktop ? 'Save PDF…' : 'Print or save as PDF…'}
      </button>
      <button type="button" disabled={busy !== undefined} onClick={() => onSave('html', false)}>
        Save HTML…
      </button>
      <button type="button" disabled={busy !== undefined} onClick={() => onSave('json', sign && canSign)}>
        {busy === 'json' ? 'Signing…' : 'Save JSON…'}
      </button>
      <label className="report-outputs__sign" htmlFor={signId} title={canSign ? 'An SSH signature (namespace frontier-review-report) over the JSON, which names the PDF and web page saved before it by their SHA-256.' : 'A team lead signs the report: unlock a team lead’s profile to sign with its key.'}>
        <input id={signId} type="checkbox" checked={sign && canSign} disabled={!canSign} onChange={(e) => setSign(e.target.checked)} />
        Sign the JSON with my key
      </label>
    </div>
  );
}
