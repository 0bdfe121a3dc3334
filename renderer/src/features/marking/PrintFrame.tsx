import type { ReactNode, Ref } from 'react';
import type { AuthorityBlock } from '../../../../shared/marking/authority.js';
import { bannerText, type Marking } from '../../../../shared/marking/marking.js';
import { markingColours } from './marking-colours.js';
import './marking.css';

/**
 * What prints: the content between banners of its own marking (not the screen's), which the
 * browser repeats on every printed page as a table's header and footer rows, and the
 * classification authority block of the packets it draws on. On screen the frame is plain blocks.
 */
export function PrintFrame({ marking, authority, className, frameRef, children }: { readonly marking: Marking; readonly authority: AuthorityBlock | undefined; readonly className: string; readonly frameRef?: Ref<HTMLTableElement>; readonly children: ReactNode }) {
  return (
    <table className={`print-frame ${className}`} role="presentation" ref={frameRef}>
      <thead>
        <tr>
          <td>
            <PrintBanner marking={marking} />
          </td>
        </tr>
      </thead>
      <tfoot>
        <tr>
          <td>
            <PrintBanner marking={marking} />
          </td>
        </tr>
      </tfoot>
      <tbody>
        <tr>
          <td>
            {authority && <AuthorityBlockView block={authority} />}
            {children}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function PrintBanner({ marking }: { readonly marking: Marking }) {
  const colours = markingColours(marking);
  return (
    <div className="print-banner" style={{ backgroundColor: colours.background, color: colours.text }}>
      {bannerText(marking)}
    </div>
  );
}

/** The block as a classified document carries it (32 CFR 2001.22): printed only. */
function AuthorityBlockView({ block }: { readonly block: AuthorityBlock }) {
  return (
    <dl className="authority-block print-only" aria-label="Classification authority">
      <dt>Classified By:</dt>
      <dd>{block.classifiedBy}</dd>
      <dt>Derived From:</dt>
      <dd>{block.derivedFrom}</dd>
      <dt>Declassify On:</dt>
      <dd>{block.declassifyOn}</dd>
      {block.sources.length > 0 && (
        <>
          <dt>Sources:</dt>
          <dd>
            <ul>
              {block.sources.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}
