import { Fragment, useId, type ReactNode } from 'react';
import { portionMark, UNCLASSIFIED } from '../../../../../shared/marking/marking.js';
import { hashGroups, shortened } from './report-format.js';

/**
 * The pieces every section of the report is made of. Each paragraph, list item, table and figure
 * starts with the portion mark of what it says, as a classified document must.
 */

/** "(S//NF)", in a muted monospace, read whole. */
export function Portion({ portion }: { readonly portion: string }) {
  return <span className="portion-mark">{portion}</span>;
}

export function MarkedParagraph({ portion, className, children }: { readonly portion: string; readonly className?: string; readonly children: ReactNode }) {
  return (
    <p className={className}>
      <Portion portion={portion} /> {children}
    </p>
  );
}

/** "(U) 2 Determination": numbered, so a reader can cite a section; a heading is a portion too, and names nothing classified. */
export function SectionHeading({ id, number, title }: { readonly id: string; readonly number: number; readonly title: string }) {
  return (
    <h2 id={id} className="report-section__heading">
      <Portion portion={portionMark(UNCLASSIFIED)} /> <span className="report-section__number">{number}</span> {title}
    </h2>
  );
}

export function ReportSection({ id, number, title, children }: { readonly id: string; readonly number: number; readonly title: string; readonly children: ReactNode }) {
  // The screen shows the report twice (the preview, and the copy that prints): each heading's id is its own.
  const headingId = `${id}-${useId().replace(/[^\w-]/g, '')}`;
  return (
    <section className="report-section" aria-labelledby={headingId}>
      <SectionHeading id={headingId} number={number} title={title} />
      {children}
    </section>
  );
}

export interface MarkedRow {
  readonly key: string;
  readonly portion: string;
  readonly cells: readonly ReactNode[];
}

/**
 * A table whose caption starts with its portion mark and whose first column is each row's mark;
 * without rows it is a sentence saying so. `columns` are the headings after "Portion"; a class
 * per column sets its width and alignment in report.css.
 */
export function MarkedTable({ portion, caption, columns, rows, className }: { readonly portion: string; readonly caption: string; readonly columns: readonly { readonly label: string; readonly className?: string }[]; readonly rows: readonly MarkedRow[]; readonly className?: string }) {
  if (rows.length === 0) return <MarkedParagraph portion={portion}>{caption}: none.</MarkedParagraph>;
  return (
    <table className={`report-table ${className ?? ''}`.trim()}>
      <caption>
        <Portion portion={portion} /> {caption}
      </caption>
      <thead>
        <tr>
          <th scope="col" className="report-table__portion">
            Portion
          </th>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={column.className}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td className="report-table__portion">
              <Portion portion={row.portion} />
            </td>
            {row.cells.map((cell, i) => (
              // Cells have no identity of their own: the column is the key.
              <td key={i} className={columns[i]?.className}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A list under a marked lead-in, each item marked too; empty, it says "None" plainly so a reader
 * knows the list was looked at rather than left out.
 */
export function MarkedItems({ portion, label, items }: { readonly portion: string; readonly label: string; readonly items: readonly { readonly key: string; readonly content: ReactNode }[] }) {
  if (items.length === 0) {
    return (
      <MarkedParagraph portion={portion}>
        <strong>{label}:</strong> None.
      </MarkedParagraph>
    );
  }
  return (
    <>
      <MarkedParagraph portion={portion} className="report-list__lead">
        <strong>{label}</strong> ({items.length}):
      </MarkedParagraph>
      <ul className="report-list">
        {items.map((item) => (
          <li key={item.key}>
            <Portion portion={portion} /> {item.content}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A SHA-256 written out whole, in groups a column wraps between. */
export function FullHash({ hex }: { readonly hex: string }) {
  return (
    <code className="report-hash">
      {hashGroups(hex).map((group, i) => (
        // The same group may occur twice in a hash: its place keys it.
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {group}
        </Fragment>
      ))}
    </code>
  );
}

/**
 * "swe_bench_scorer/mean_time_seconds" may wrap after its slash: a long task or metric name
 * would otherwise hold its column wide and squeeze the file names beside it.
 */
export function Breakable({ text }: { readonly text: string }) {
  const parts = text.split(/(?<=\/)/);
  return (
    <>
      {parts.map((part, i) => (
        // Parts may repeat; their order keys them.
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** An id or hash cut short on the page, whole in its title. */
export function ShortValue({ value }: { readonly value: string }) {
  return (
    <code className="report-short" title={value}>
      {shortened(value)}
    </code>
  );
}
