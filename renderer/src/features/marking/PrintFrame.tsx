import { Fragment, useLayoutEffect, type ReactNode, type Ref } from 'react';
import type { AuthorityBlock } from '../../../../shared/marking/authority.js';
import type { CuiDesignation } from '../../../../shared/marking/cui-designation.js';
import { markingBlockLines } from '../../../../shared/marking/marking-blocks.js';
import { bannerText, type Marking } from '../../../../shared/marking/marking.js';
import { markingColours } from './marking-colours.js';
import { printFrameMarkings } from './displayed-markings.js';
import './marking.css';
import './page-foot-banner.css';

/**
 * What prints: the content between banners of its own marking (not the screen's), which the
 * browser repeats on every printed page as a table's header and footer rows, and the
 * classification authority block of the packets it draws on. On screen the frame is plain blocks.
 */
export function PrintFrame({ marking, authority, cui, className, frameRef, children }: { readonly marking: Marking; readonly authority: AuthorityBlock | undefined; readonly cui: CuiDesignation | undefined; readonly className: string; readonly frameRef?: Ref<HTMLTableElement>; readonly children: ReactNode }) {
  const key = JSON.stringify(marking);
  // What the browser's own Print records: this frame's marking, not the screen's.
  useLayoutEffect(() => printFrameMarkings.register(Symbol('print-frame'), JSON.parse(key) as Marking), [key]);
  return (
    <>
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
              <PrintBanner marking={marking} keepsRoom />
            </td>
          </tr>
        </tfoot>
        <tbody>
          <tr>
            <td>
              <MarkingBlockView label="Classification authority" lines={markingBlockLines({ authority })} />
              <MarkingBlockView label="CUI designation indicator" lines={markingBlockLines({ cui })} />
              {children}
            </td>
          </tr>
        </tbody>
      </table>
      {/* The footer row keeps the banner's room on every page; this copy is what shows, at each page's foot (page-foot-banner.css). */}
      <PrintBanner marking={marking} pageFoot />
    </>
  );
}

function PrintBanner({ marking, keepsRoom = false, pageFoot = false }: { readonly marking: Marking; readonly keepsRoom?: boolean; readonly pageFoot?: boolean }) {
  const colours = markingColours(marking);
  const className = ['print-banner', keepsRoom && 'banner-room', pageFoot && 'page-foot-banner'].filter(Boolean).join(' ');
  return (
    <div className={className} aria-hidden={pageFoot || undefined} style={{ backgroundColor: colours.background, color: colours.text }}>
      {bannerText(marking)}
    </div>
  );
}

/**
 * A block as a document carries it, printed only: the authority block (32 CFR 2001.22) or the CUI
 * designation indicator (32 CFR 2002.20), from the same lines every exported format writes.
 */
function MarkingBlockView({ label, lines }: { readonly label: string; readonly lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <dl className="authority-block print-only" aria-label={label}>
      {lines.map((line, i) => {
        const at = line.indexOf(': ');
        return (
          // Two sources may read the same: the position keys them.
          <Fragment key={i}>
            <dt>{line.slice(0, at + 1)}</dt>
            <dd>{line.slice(at + 2)}</dd>
          </Fragment>
        );
      })}
    </dl>
  );
}
