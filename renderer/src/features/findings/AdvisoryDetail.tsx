import { hasCsafDetail, type CsafDetail } from '../../../../shared/findings/csaf-detail.js';
import { TitledList } from '../../ui/TitledList.js';
import './findings.css';

const words = (token: string) => token.replace(/_/g, ' ');
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What the advisories a finding came from said beyond its own fields: where it came from, the
 * remediations, threats, references and acknowledgments, and how much else is kept (notes, other
 * ids, scores, flags). Shown, not edited: the export writes it back as the advisories gave it.
 */
export function AdvisoryDetail({ detail }: { readonly detail: CsafDetail }) {
  if (!hasCsafDetail(detail)) return null;
  const kept = [
    detail.notes.length > 0 ? plural(detail.notes.length, 'note') : '',
    detail.scores.length > 0 ? plural(detail.scores.length, 'score') : '',
    detail.flags.length > 0 ? plural(detail.flags.length, 'flag') : '',
    detail.ids.length > 0 ? plural(detail.ids.length, 'other id') : '',
    detail.involvements.length > 0 ? plural(detail.involvements.length, 'involvement') : '',
  ].filter((part) => part !== '');
  return (
    <section className="form-grid__wide advisory-detail" aria-labelledby="advisory-detail-title">
      <h3 id="advisory-detail-title">From the advisories</h3>
      <ul className="advisory-detail__sources">
        {detail.sources.map((s) => (
          <li key={s.trackingId}>
            {s.trackingId}: {s.title}
            {s.publisher && <span className="muted"> ({s.publisher.name})</span>}
          </li>
        ))}
      </ul>
      <TitledList
        title={<h4>Remediations</h4>}
        items={detail.remediations}
        render={(r) => (
          <>
            <strong>{words(r.category)}</strong>: {r.details} <span className="muted">({plural(r.product_ids.length, 'product')})</span>
            {r.url !== undefined && <div className="mono muted">{r.url}</div>}
          </>
        )}
      />
      <TitledList title={<h4>Threats</h4>} items={detail.threats} render={(t) => <><strong>{words(t.category)}</strong>: {t.details}</>} />
      <TitledList title={<h4>References</h4>} items={detail.references} render={(r) => <>{r.summary} <span className="mono muted">{r.url}</span></>} />
      <TitledList title={<h4>Acknowledgments</h4>} items={detail.acknowledgments} render={(a) => [a.names?.join(', '), a.organization, a.summary].filter((part) => part !== undefined).join(' · ')} />
      {kept.length > 0 && <p className="muted">Also kept for the export: {kept.join(', ')}.</p>}
    </section>
  );
}
