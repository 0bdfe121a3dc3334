import type { AffectedProduct } from '../../../../shared/findings/finding.js';
import type { FindingFields } from '../../../../shared/findings/finding.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { ProductStatusSummary } from './ProductStatuses.js';
import './findings.css';

const BLANK_PRODUCT: AffectedProduct = { vendor: '', product: '', version: '' };

interface AffectedProductsProps {
  readonly products: readonly AffectedProduct[];
  readonly productStatus: FindingFields['productStatus'];
  readonly title: string;
  readonly error: string | undefined;
  readonly onChange: (products: readonly AffectedProduct[]) => void;
}

/**
 * A software vulnerability's products: the ones typed in, each a vendor, product and version to
 * edit; and the ones read from advisories, under every status, kept exactly as the advisories name
 * them (down to the service pack) and shown, not edited, so an export says what they said.
 */
export function AffectedProductsFields({ products, productStatus, title, error, onChange }: AffectedProductsProps) {
  const typed = products.flatMap((p, index) => (p.csaf ? [] : [{ p, index }]));
  const fromAdvisories = { affectedProducts: products.filter((p) => p.csaf !== undefined), productStatus };
  const set = (index: number, patch: Partial<AffectedProduct>) => onChange(products.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  return (
    <fieldset className="form-grid__wide finding-products" aria-describedby={error !== undefined ? 'finding-products-error' : undefined}>
      <legend>Affected products</legend>
      {typed.map(({ p, index }, n) => (
        <div key={index} className="finding-products__row">
          <input aria-label={`Vendor of product ${n + 1}`} placeholder="Vendor" value={p.vendor} onChange={(e) => set(index, { vendor: e.target.value })} />
          <input aria-label={`Name of product ${n + 1}`} placeholder="Product" value={p.product} onChange={(e) => set(index, { product: e.target.value })} />
          <input aria-label={`Affected version of product ${n + 1}`} placeholder="Version, or a range such as < 2.4.1" value={p.version} onChange={(e) => set(index, { version: e.target.value })} />
          <LinkButton danger label={`Remove product ${n + 1}`} onClick={() => onChange(products.filter((_, i) => i !== index))}>
            Remove
          </LinkButton>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...products, BLANK_PRODUCT])}>
        Add product
      </button>
      {(fromAdvisories.affectedProducts.length > 0 || Object.values(productStatus).some((list) => list.length > 0)) && (
        <div className="finding-products__advisory">
          <p className="muted">From advisories, as they name them:</p>
          <ProductStatusSummary finding={fromAdvisories} title={title} />
        </div>
      )}
      {error !== undefined && (
        <div id="finding-products-error" className="field-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
