import type { ReactNode } from 'react';

/**
 * A heading and the list under it, or nothing when the list is empty. Items are keyed by
 * position: these lists come whole from a file and only ever change whole. With `limit`, only the
 * first items are drawn and a line says how many more there are: a file may bring thousands.
 */
export function TitledList<T>({ title, items, render, limit }: { readonly title: ReactNode; readonly items: readonly T[]; readonly render: (item: T) => ReactNode; readonly limit?: number }) {
  if (items.length === 0) return null;
  const shown = limit === undefined ? items : items.slice(0, limit);
  const more = items.length - shown.length;
  return (
    <>
      {title}
      <ul>
        {shown.map((item, index) => (
          <li key={index}>{render(item)}</li>
        ))}
      </ul>
      {more > 0 && <p className="muted">…and {more.toLocaleString('en-US')} more, not shown here.</p>}
    </>
  );
}
