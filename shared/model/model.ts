/**
 * A model, independent of any review: the same model appears in several packets (one per
 * snapshot sent for review) and as a reference model in benchmark comparisons.
 */
export interface ModelRecord {
  /** Derived from developer and name, so the same model typed twice is one record. */
  readonly id: string;
  readonly developer: string;
  readonly name: string;
  readonly createdAt: string;
}

/**
 * Model identity ignores case and surrounding spaces (" Example AI" and "example ai" are one
 * developer). Each part is percent-encoded, so a "/" inside a name cannot make two models collide.
 */
export function modelId(developer: string, name: string): string {
  const part = (text: string) => encodeURIComponent(text.trim().toLowerCase());
  return `${part(developer)}/${part(name)}`;
}
