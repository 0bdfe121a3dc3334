/**
 * Inspect task versions are integers by default (`0`, `1`) and may be strings (`"1.2.0"`).
 * Compared segment by segment, numerically where both segments are numbers.
 */
export function compareTaskVersions(a: string, b: string): number {
  const left = a.trim().split('.');
  const right = b.trim().split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '0';
    const y = right[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const difference = Number.isFinite(nx) && Number.isFinite(ny) && x !== '' && y !== '' ? nx - ny : x.localeCompare(y);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Whether `version` lies in the inclusive range; an open end accepts anything. A run without a version matches only an open range. */
export function versionInRange(version: string | null, from: string | null, to: string | null): boolean {
  if (from === null && to === null) return true;
  if (version === null) return false;
  return (from === null || compareTaskVersions(version, from) >= 0) && (to === null || compareTaskVersions(version, to) <= 0);
}

export function describeVersionRange(from: string | null, to: string | null): string {
  if (from === null && to === null) return 'any version';
  if (from !== null && to !== null) return from === to ? `version ${from}` : `versions ${from}–${to}`;
  return from !== null ? `version ${from} or later` : `version ${to ?? ''} or earlier`;
}
