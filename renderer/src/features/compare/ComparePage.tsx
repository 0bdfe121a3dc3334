import { useState } from 'react';
import type { SavedComparison } from '../../../../shared/compare/saved-comparison.js';
import { portionMark } from '../../../../shared/marking/marking.js';
import { reviewChangeRefusal, useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useSavedComparisons } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { formatDateTime } from '../../ui/format.js';
import { DeleteLink, LinkButton } from '../../ui/LinkButton.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PortionMark } from '../marking/PortionMark.js';
import { ComparisonView } from './ComparisonView.js';
import { RunPickerDialog } from './RunPickerDialog.js';
import { TableHead } from '../../ui/TableHead.js';
import './compare.css';

/**
 * Comparisons of benchmark runs: the saved ones, a new one from any runs, and the open one in
 * three views (summary, chart, samples), switched with 1, 2 and 3.
 */
export function ComparePage({ openId, onOpen, onClose, sourceFiles }: { readonly openId: string | undefined; readonly onOpen: (id: string | undefined) => void; readonly onClose: () => void; readonly sourceFiles: Map<string, File> }) {
  const { comparisons, session } = useServices();
  const refusal = reviewChangeRefusal(useSession(session));
  const saved = useSavedComparisons(comparisons);
  const [picking, setPicking] = useState(false);
  const [deleting, setDeleting] = useState<SavedComparison | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const open = saved?.find((c) => c.id === openId);
  // The names of saved comparisons may speak of their runs: they show under their markings.
  useDisplayedMarkings(saved?.map((c) => c.marking) ?? []);

  return (
    <section className="compare" aria-labelledby="compare-title">
      <div className="compare__bar">
        <h2 id="compare-title">Compare runs</h2>
        {refusal ? (
          <span className="muted">{refusal}</span>
        ) : (
          <button type="button" className="button--primary" onClick={() => setPicking(true)}>
            New comparison…
          </button>
        )}
        {saved && saved.length > 0 && (
          <label>
            Saved{' '}
            <select value={open?.id ?? ''} onChange={(e) => onOpen(e.target.value === '' ? undefined : e.target.value)}>
              <option value="">All saved comparisons</option>
              {saved.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${portionMark(c.marking)} ${c.name}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={onClose}>
          Back to packets
        </button>
        {message && (
          <span role="status" className="results__message">
            {message}
          </span>
        )}
      </div>
      {saved === undefined ? (
        <p className="loading">Loading comparisons…</p>
      ) : open ? (
        <ComparisonView key={open.id} saved={open} sourceFiles={sourceFiles} onDelete={refusal ? undefined : () => setDeleting(open)} onMessage={setMessage} />
      ) : openId ? (
        <p className="empty">This comparison no longer exists.</p>
      ) : saved.length === 0 ? (
        <p className="empty">No comparisons yet. Choose New comparison… and pick two to eight runs, of any packets and models.</p>
      ) : (
        <table className="data-table compare__saved">
          <TableHead columns={['Comparison', { label: 'Runs', numeric: true }, 'Saved']} actions />
          <tbody>
            {saved.map((c) => (
              <tr key={c.id}>
                <td>
                  <PortionMark marking={c.marking} /> <LinkButton onClick={() => onOpen(c.id)}>{c.name}</LinkButton>
                </td>
                <td className="num">{c.runIds.length}</td>
                <td className="nowrap">{formatDateTime(c.updatedAt)}</td>
                <td>{!refusal && <DeleteLink what={`comparison ${c.name}`} onClick={() => setDeleting(c)} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {picking && (
        <RunPickerDialog
          onClose={() => setPicking(false)}
          onSaved={(created) => {
            setPicking(false);
            onOpen(created.id);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this comparison?"
          confirmLabel="Delete comparison"
          destructive
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(undefined);
            void comparisons.delete(target.id).then((result) => {
              setMessage(result.ok ? `Deleted the comparison ${target.name}. Its runs are unchanged.` : result.error.message);
              if (result.ok && openId === target.id) onOpen(undefined);
            });
          }}
        >
          <p>The saved comparison {deleting.name} is removed; the runs it compares stay in their packets.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
