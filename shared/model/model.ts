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

/** Model identity ignores case and surrounding spaces: "OpenAI / GPT-5" is "openai / gpt-5 ". */
export function modelId(developer: string, name: string): string {
  return `${developer.trim().toLowerCase()}/${name.trim().toLowerCase()}`;
}
