import { useState } from 'react';
import { mayManageWorkstation, useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useSeenHistories, type SeenHistoryCheckpoint } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ReasonField } from '../../ui/ReasonField.js';
import { useReasonedChange } from '../../ui/use-reasoned-change.js';
import { TableHead } from '../../ui/TableHead.js';
import { formatDateTime } from '../../ui/format.js';
import './history.css';

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
  const mayForget = mayManageWorkstation(state);
  const target = seen?.find((s) => s.verifierKey === forgetting);

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
                    <button type="button" onClick={() => setForgetting(s.verifierKey)} aria-label={`Forget the history of ${s.origin}`}>
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
        <ForgetHistory
          key={target.verifierKey}
          seen={target}
          onDone={(forgotten) => {
            setForgetting(undefined);
            if (forgotten) onMessage(`Forgot the history of ${target.origin} seen here; the next bundle with it starts afresh.`);
          }}
        />
      )}
    </details>
  );
}

/** Forgetting one workstation's history, with the reason the history keeps. */
function ForgetHistory({ seen, onDone }: { readonly seen: SeenHistoryCheckpoint; readonly onDone: (forgotten: boolean) => void }) {
  const { bundles } = useServices();
  const change = useReasonedChange((reason) => bundles.forgetSeenHistory(seen.verifierKey, reason), () => onDone(true));
  return (
    <ConfirmDialog title="Forget this history?" confirmLabel="Forget history" destructive busy={change.busy} onConfirm={() => void change.submit()} onCancel={() => onDone(false)}>
      <p>
        The next bundle from {seen.origin} will not have to prove that its history extends the {seen.size.toLocaleString('en-US')} events seen here. Do this
        only when you know why it cannot, such as a workstation restored from a backup.
      </p>
      <ReasonField change={change} error={change.problem} multiline />
    </ConfirmDialog>
  );
}
