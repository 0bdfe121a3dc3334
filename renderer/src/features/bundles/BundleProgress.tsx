/** How far a long bundle step has got: bytes handed over, encrypted, checked or hashed. */
export function BundleProgress({ label, progress }: { readonly label: string; readonly progress: { readonly done: number; readonly total: number } | undefined }) {
  if (!progress) return null;
  const mib = (n: number) => (n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 });
  return (
    <div className="import__progress" role="status">
      <label>
        {`${label} ${mib(progress.done)} of ${mib(progress.total)} MiB`}
        <progress max={Math.max(1, progress.total)} value={progress.done} />
      </label>
    </div>
  );
}
