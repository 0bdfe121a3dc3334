import { useEffect, useRef } from 'react';

/** A form's error, announced and focused as it appears so a keyboard or screen-reader user meets it. */
export function FormAlert({ problem }: { readonly problem: string | undefined }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  return (
    <p className="form-error" role="alert" tabIndex={-1} ref={ref}>
      {problem}
    </p>
  );
}
