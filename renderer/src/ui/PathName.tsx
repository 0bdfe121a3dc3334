import { Fragment } from 'react';

/**
 * A name made of path segments ("inspect_evals/cybench", "openai/gpt-4o") that may break after a
 * slash, as a path does, rather than letter by letter or not at all in a narrow column.
 */
export function PathName({ name }: { readonly name: string }) {
  const parts = name.split('/');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
