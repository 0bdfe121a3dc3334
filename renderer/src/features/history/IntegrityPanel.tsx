import { useEffect, useState } from 'react';
import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import { useServices } from '../../app/services.js';
import { formatDateTime } from '../../ui/format.js';
import { useHistoryVerification } from './use-history-verification.js';
import './history.css';

/**
 * The integrity of the review history: its size, the root that commits to every event, the last
 * signed checkpoint and the key that signed it, and a verification that says plainly whether
 * anything changed, with a progress bar while it runs. Routine checks read the events recorded
 * since the tree verified last; "Verify everything again" reads them all.
 */
export function IntegrityPanel({
  checkpoint,
  onVerdict,
}: {
  readonly checkpoint: { readonly size: number; readonly root: string; readonly at: string } | undefined;
  /** Each verdict as it comes, for what else on the page depends on it. */
  readonly onVerdict: (verdict: HistoryVerdict) => void;
}) {
  const { history } = useServices();
  const [key, setKey] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    void history.verifierKey().then((k) => live && setKey(k));
    return () => {
      live = false;
    };
  }, [history, checkpoint?.size]);
  const { checking, verdict, progress, verifyNow, verifyEverything } = useHistoryVerification(history, checkpoint?.size, onVerdict);
  const keyId = key?.split('+')[1];

  return (
    <section className="integrity-panel" aria-labelledby="integrity-title">
      <h2 id="integrity-title" className="section-title">
        Integrity
      </h2>
      <dl className="integrity-panel__facts">
        <div>
          <dt>Tree size</dt>
          <dd data-testid="integrity-size">{checkpoint ? checkpoint.size.toLocaleString('en-US') : '0'} events</dd>
        </div>
        <div>
          <dt>Root</dt>
          <dd className="mono ellipsis" title={checkpoint?.root}>
            {checkpoint ? checkpoint.root : '(empty history)'}
          </dd>
        </div>
        <div>
          <dt>Latest signed checkpoint</dt>
          <dd>{checkpoint ? `#${checkpoint.size}, ${formatDateTime(checkpoint.at)}` : 'none yet'}</dd>
        </div>
        <div>
          <dt>Signed by</dt>
          <dd className="mono">{key ? `${key.split('+')[0] ?? ''} · key ${keyId ?? ''}` : 'no key yet: the history is empty'}</dd>
        </div>
        <div className="integrity-panel__key">
          <dt>Verifier key</dt>
          <dd>
            {/* Selectable whole, for `frontier-review audit verify --key` and to read aloud. */}
            <code className="integrity-panel__key-text">{key ?? '—'}</code>
          </dd>
        </div>
      </dl>
      <div className="integrity-panel__check">
        <button type="button" onClick={verifyNow} disabled={checking}>
          Verify now
        </button>
        <button type="button" onClick={verifyEverything} disabled={checking}>
          Verify everything again
        </button>
        {checking ? (
          <span className="integrity-panel__progress" role="status">
            <progress max={progress && progress.total > 0 ? progress.total : 1} value={progress?.done ?? 0} aria-label="Verifying the history" />
            {progress ? `Verifying… ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} events` : 'Reading the history…'}
          </span>
        ) : (
          verdict && <VerdictLine verdict={verdict} />
        )}
      </div>
      <p className="muted integrity-panel__note">
        Each event is a leaf of an RFC 6962 Merkle tree, sealed as it is recorded with this workstation&apos;s signature on the tree up to it (a C2SP checkpoint).
        The signing key is kept in this workstation&apos;s database for now: verifying catches changes made without it, not someone who also re-signs with it.
      </p>
    </section>
  );
}

/** The verdict, and how much of the history this check read: all of it, or the events since the last full verification. */
function VerdictLine({ verdict }: { readonly verdict: HistoryVerdict }) {
  const since = verdict.ok && verdict.checkedFrom !== undefined && verdict.checkedFrom > 1 ? verdict.checkedFrom : undefined;
  return (
    <div className="integrity-panel__outcome">
      <div role="status" data-testid="integrity-verdict" className={`integrity-panel__verdict ${verdict.ok ? 'integrity-panel__verdict--ok' : 'integrity-panel__verdict--bad'}`}>
        {verdict.ok ? (
          <strong>Intact: all {verdict.size.toLocaleString('en-US')} events match the heads this workstation signed as it recorded them.</strong>
        ) : (
          <>
            <strong>Altered from event #{verdict.firstBadSeq}.</strong> {verdict.reason}
          </>
        )}
      </div>
      {verdict.ok && since !== undefined && (
        <p className="muted integrity-panel__scope" data-testid="integrity-scope">
          {since > verdict.size
            ? `Nothing recorded since the history was verified in full`
            : `Events #${since.toLocaleString('en-US')} to #${verdict.size.toLocaleString('en-US')} checked now, extending the history verified in full`}
          {verdict.fullAt ? ` on ${formatDateTime(verdict.fullAt)}` : ''}. Verify everything again to read every event.
        </p>
      )}
    </div>
  );
}
