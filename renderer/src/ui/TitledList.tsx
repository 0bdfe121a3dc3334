import type { ReactNode } from 'react';

/**
 * A heading and the list under it, or nothing when the list is empty. Items are keyed by
 * position: these lists come whole from a file and only ever change whole.
 */
export function TitledList<T>({ title, items, render }: { readonly title: ReactNode; readonly items: readonly T[]; readonly render: (item: T) => ReactNode }) {
  if (items.length === 0) return null;
  return (
    <>
      {title}
      <ul>
        {items.map((item, index) => (
          <li key={index}>{render(item)}</li>
        ))}
      </ul>
    </>
  );
}
