import { useState } from 'react';
import { mayManageWorkstation, useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useSeenHistories } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { Field } from '../../ui/Field.js';
import { TableHead } from '../../ui/TableHead.js';
import { formatDateTime } from '../../ui/format.js';

/**
 * Other workstations' histories seen here in bundles: the furthest checkpoint of each, which the
 * next bundle from it must extend. A team lead may forget one, with a reason, when a workstation's
 * history can legitimately no longer be proven to extend it.
 */
export function SeenHistories({ onMessage }: { readonly onMessage: (text: string) => void }) {
  const { bundles, session } = useServices();
  const state = useSession(session);
  const seen = useSeenHistories(bundles);
  const [forgetting, setForgetting] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const mayForget = mayManageWorkstation(state);
  const target = seen?.find((s) => s.verifierKey === forgetting);

  async function forget() {
    if (!target) return;
    const result = await bundles.forgetSeenHistory(target.verifierKey, reason);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setForgetting(undefined);
    onMessage(`Forgot the history of ${target.origin} seen here; the next bundle with it starts afresh.`);
  }

  return (
    <details className="seen-histories">
      <summary>Other workstations&apos; histories seen here ({seen?.length ?? 0})</summary>
      {seen && seen.length > 0 ? (
        <table className="data-table">
          <TableHead columns={['Workstation', 'Key id', { label: 'Events', numeric: true }, 'Seen', 'In bundle']} actions />
          <tbody>
            {seen.map((s) => (
              <tr key={s.verifierKey}>
                <td className="mono">{s.origin}</td>
                <td className="mono">{s.verifierKey.split('+')[1]}</td>
                <td className="num">{s.size.toLocaleString('en-US')}</td>
                <td>{formatDateTime(s.seenAt)}</td>
                <td className="mono">{s.bundleId}</td>
                <td>
                  {mayForget && (
                    <button type="button" onClick={() => { setForgetting(s.verifierKey); setReason(''); setProblem(undefined); }} aria-label={`Forget the history of ${s.origin}`}>
                      Forget…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">None yet: each bundle imported remembers its workstation&apos;s history, which the next must extend.</p>
      )}
      {target && (
        <ConfirmDialog title="Forget this history?" confirmLabel="Forget history" destructive onConfirm={() => void forget()} onCancel={() => setForgetting(undefined)}>
          <p>
            The next bundle from {target.origin} will not have to prove that its history extends the {target.size.toLocaleString('en-US')} events seen here. Do
            this only when you know why it cannot, such as a workstation restored from a backup.
          </p>
          <Field label="Reason" error={problem}>
            {(props) => <textarea {...props} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />}
          </Field>
        </ConfirmDialog>
      )}
    </details>
  );
}
