import { z } from 'zod';
import { PROFILE_ROLES, type ProfileRole } from '../identity/profile.js';
import { markingSchema } from '../marking/marking-schema.js';
import type { Marking } from '../marking/marking.js';

/**
 * A reviewer's comment on a packet, or on one of its findings: the discussion that leads to a
 * determination. Comments are not edited once made (a correction is a further comment), so the
 * thread reads as it happened; the one who wrote it, or a team lead, may delete one, and the
 * history keeps what it said.
 */
export const COMMENT_MAX_CHARS = 10_000;

export const commentFieldsSchema = z.strictObject({
  body: z.string().trim().min(1, 'Write the comment first.').max(COMMENT_MAX_CHARS, `A comment is at most ${COMMENT_MAX_CHARS.toLocaleString('en-US')} characters.`),
  /** The finding the comment is about, or null for the packet as a whole. */
  findingId: z.string().min(1).max(200).nullable(),
  marking: markingSchema,
});
export type CommentFields = z.infer<typeof commentFieldsSchema>;

export interface Comment extends CommentFields {
  readonly id: string;
  readonly packetId: string;
  /** The name of the profile that wrote it, as the history records the actor. */
  readonly author: string;
  /** Who wrote it, uniquely: the profile's principal; null for a workstation's user before profiles. */
  readonly authorPrincipal: string | null;
  readonly authorRole: ProfileRole | null;
  readonly createdAt: string;
  readonly marking: Marking;
}

/** A comment's fields besides what the form gives, as a bundle carries them. */
export const commentEnvelopeSchema = z.strictObject({
  id: z.string().min(1).max(200),
  packetId: z.string().min(1).max(200),
  author: z.string().min(1).max(200),
  authorPrincipal: z.string().min(1).max(200).nullable(),
  authorRole: z.enum(PROFILE_ROLES).nullable(),
  // UTC only: the thread is ordered by these times as text.
  createdAt: z.iso.datetime(),
});
