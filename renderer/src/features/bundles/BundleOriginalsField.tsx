interface BundleOriginal {
  readonly fileName: string;
  readonly sha256: string;
  /** This workstation keeps the log itself. */
  readonly kept: boolean;
}

interface BundleOriginalsFieldProps {
  /** The original logs of the chosen packets' runs. */
  readonly originals: readonly BundleOriginal[];
  /** Logs the exporter attached, by SHA-256. */
  readonly attached: ReadonlyMap<string, unknown>;
  readonly busy: boolean;
  readonly onAttach: () => void;
}

/** The original evaluation logs a bundle carries: kept here, attached by the exporter, or left out. */
export function BundleOriginalsField({ originals, attached, busy, onAttach }: BundleOriginalsFieldProps) {
  return (
    <fieldset className="bundle-choice">
      <legend>Original evaluation logs</legend>
      {originals.length === 0 ? (
        <p className="field-hint">The chosen packets have no benchmark runs.</p>
      ) : (
        <>
          <ul className="bundle-originals" aria-label="Original logs">
            {originals.map((o) => (
              <li key={o.sha256}>
                {o.fileName} <span className="muted">{o.kept ? 'kept on this workstation' : attached.has(o.sha256) ? 'attached' : 'not attached: its runs travel without it'}</span>
              </li>
            ))}
          </ul>
          <button type="button" onClick={onAttach} disabled={busy}>
            Attach original logs…
          </button>
        </>
      )}
    </fieldset>
  );
}
