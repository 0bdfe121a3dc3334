import { sha256Hex } from '../hash/sha256.js';

/**
 * A UUID derived from a name (version 5 layout, SHA-256 digest): the same name always gives the
 * same UUID, so a document written twice from the same records keeps its identifiers.
 */
export async function nameBasedUuid(name: string): Promise<string> {
  const hex = await sha256Hex(new TextEncoder().encode(name));
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
