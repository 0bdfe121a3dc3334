import { useEffect, useState } from 'react';
import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import { useServices } from '../../app/services.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { Modal } from '../../ui/Modal.js';

/**
 * The integrity of the review history: how many events it holds, the root that commits to all of
 * them, the key that signed it, and a verification that says plainly whether anything changed.
 */
export function IntegrityDialog({ onClose }: { readonly onClose: () => void }) {
  const { history } = useServices();
  // Each request to verify is numbered; a result says which request it answers.
  const [request, setRequest] = useState(0);
  const [result, setResult] = useState<{ readonly request: number; readonly verdict: HistoryVerdict; readonly key: string | undefined } | undefined>();
  useEffect(() => {
    let live = true;
    Promise.all([history.verify(), history.verifierKey()]).then(
      ([verdict, key]) => {
        if (live) setResult({ request, verdict, key });
      },
      (e: unknown) => {
        // A history too damaged to read is a verdict too, not a spinner that never stops.
        const reason = `The history could not be read to verify it: ${e instanceof Error ? e.message : String(e)}`;
        if (live) setResult({ request, verdict: { ok: false, size: 0, firstBadSeq: 1, reason }, key: undefined });
      },
    );
    return () => {
      live = false;
    };
  }, [history, request]);
  const checking = result?.request !== request;
  const verdict = result?.verdict;
  const key = result?.key;

  return (
    <Modal
      title="History integrity"
      onClose={onClose}
      wide
      actions={<DialogActions cancelLabel="Close" onCancel={onClose} actLabel="Verify now" disabled={checking} onAct={() => setRequest((n) => n + 1)} />}
    >
      <div className="integrity">
        <p className="muted">
          Every change to review data is an event in the history. Each event is a leaf of a Merkle tree (RFC 6962) and is sealed, as it is recorded, with this
          workstation&apos;s signature on the tree up to it (a C2SP checkpoint). Verifying recomputes the tree from the events and checks the signed heads.
        </p>
        <p className="muted">
          The signing key is kept in this workstation&apos;s database for now, so this catches changes made without it (a direct edit, a deleted or inserted
          event), not someone who also re-signs the history with the stored key.
        </p>
        <dl className="integrity__facts">
          <dt>Events</dt>
          <dd data-testid="integrity-size">{verdict ? verdict.size : '…'}</dd>
          <dt>Root</dt>
          <dd className="mono">{verdict?.ok ? verdict.root || '(empty history)' : '—'}</dd>
          <dt>Verifier key</dt>
          <dd className="mono integrity__key">{key ?? 'none yet: the history is empty'}</dd>
        </dl>
        {checking ? (
          <p role="status">Verifying…</p>
        ) : (
          verdict && (
            <div role="status" data-testid="integrity-verdict" className={`determination__outcome ${verdict.ok ? 'determination__outcome--not-covered' : 'determination__outcome--covered'}`}>
              {verdict.ok ? (
                <strong>Intact: all {verdict.size} events match the heads this workstation signed as it recorded them.</strong>
              ) : (
                <>
                  <strong>Altered from event #{verdict.firstBadSeq}.</strong> {verdict.reason}
                </>
              )}
            </div>
          )
        )}
      </div>
    </Modal>
  );
}
