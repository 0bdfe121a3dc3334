import { useState } from 'react';
import type { FindingFields } from '../../../../shared/findings/finding.js';
import { OTHER_STATUSES, PRODUCT_STATUS_LABELS, productLabel, type AffectedProduct, type ProductStatus } from '../../../../shared/findings/product.js';
import './findings.css';

/** At most this many products of one status are listed; the count says how many more. */
const LISTED = 500;

interface StatusGroup {
  readonly status: ProductStatus | 'affected';
  readonly label: string;
  readonly products: readonly AffectedProduct[];
}

/** A finding's products by status, affected first; statuses with no product left out. */
export function productGroups(f: Pick<FindingFields, 'affectedProducts' | 'productStatus'>): StatusGroup[] {
  return [
    { status: 'affected' as const, label: 'affected', products: f.affectedProducts },
    ...OTHER_STATUSES.map((status) => ({ status, label: PRODUCT_STATUS_LABELS[status], products: f.productStatus[status] })),
  ].filter((g) => g.products.length > 0);
}

/**
 * How many products a finding names under each status (affected, fixed, not affected…), and the
 * products themselves as the advisory names them, down to the service pack, on request. The lists
 * are drawn only while open: an advisory's finding may name thousands.
 */
export function ProductStatusSummary({ finding, title }: { readonly finding: Pick<FindingFields, 'affectedProducts' | 'productStatus'>; readonly title: string }) {
  const [open, setOpen] = useState(false);
  const groups = productGroups(finding);
  if (groups.length === 0) return <span className="muted">none</span>;
  const counts = groups.map((g) => `${g.products.length.toLocaleString('en-US')} ${g.label}`).join(' · ');
  return (
    <details className="finding-statuses" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary aria-label={`Products of ${title}: ${counts}`}>{counts}</summary>
      {open &&
        groups.map((g) => (
          <div key={g.status} className="finding-statuses__group">
            <strong>{`${g.label.slice(0, 1).toUpperCase()}${g.label.slice(1)}`}</strong>
            <ul>
              {g.products.slice(0, LISTED).map((p, index) => (
                // The same product may be listed under two affected statuses; its place keeps the key unique.
                <li key={index}>
                  {productLabel(p)}
                  {p.listedAs && p.listedAs.some((s) => s !== 'known_affected') && <span className="muted"> ({p.listedAs.map((s) => PRODUCT_STATUS_LABELS[s]).join(', ')})</span>}
                </li>
              ))}
            </ul>
            {g.products.length > LISTED && <p className="muted">…and {(g.products.length - LISTED).toLocaleString('en-US')} more.</p>}
          </div>
        ))}
    </details>
  );
}
