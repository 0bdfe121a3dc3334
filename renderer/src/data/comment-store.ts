import { commentFieldsSchema, type Comment, type CommentFields } from '../../../shared/comments/comment.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { AuditedStore } from './audited-store.js';

/**
 * Comments on packets and their findings. Written by anyone who may change the packet (assigned
 * reviewers, team leads), never edited; deleted only by the one who wrote it or a team lead. Each
 * change is an event in the history, which keeps a deleted comment's words.
 */
export class CommentStore extends AuditedStore {
  /** A packet's comments, oldest first: the thread as it happened. */
  async list(packetId: string): Promise<Comment[]> {
    const comments = await this.db.comments.where('packetId').equals(packetId).toArray();
    return comments.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
  }

  check(input: unknown): Result<CommentFields> {
    return this.checkMarked(commentFieldsSchema, input, 'The comment is not valid.');
  }

  async add(packetId: string, input: unknown): Promise<Result<Comment>> {
    const fields = this.check(input);
    if (!fields.ok) return fields;
    return this.transact([this.db.comments, this.db.packets, this.db.findings], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(packetId);
      const { findingId } = fields.value;
      if (findingId !== null && (await this.db.findings.get(findingId))?.packetId !== packetId) return err('not-found', 'The finding this comment is about is no longer in this packet.');
      const now = this.context.now();
      const at = now.toISOString();
      // A thread's order is its times: a comment made within a second after the last (the same
      // millisecond, or a clock a little behind) still comes after it.
      const last = (await this.list(packetId)).at(-1);
      const lastMs = last ? Date.parse(last.createdAt) : Number.NEGATIVE_INFINITY;
      const createdAt = lastMs >= now.getTime() && lastMs - now.getTime() < 1000 ? new Date(lastMs + 1).toISOString() : at;
      const profile = await this.actingProfile();
      const comment: Comment = { ...fields.value, id: crypto.randomUUID(), packetId, author: this.context.actor(), authorPrincipal: profile?.principal ?? null, authorRole: profile?.role ?? null, createdAt };
      await this.db.comments.add(comment);
      await this.audit(at, 'create', 'comment', comment.id, null, comment);
      return ok(comment);
    });
  }

  /** Deletes a comment; only its author or a team lead may, and the history keeps what it said. */
  async delete(id: string, reason?: string): Promise<Result<void>> {
    return this.transact([this.db.comments, this.db.packets], async () => {
      const current = await this.db.comments.get(id);
      if (!current) return err('not-found', 'This comment no longer exists.');
      await this.requireAssigned(current.packetId);
      await this.requireCommentAuthority(current);
      await this.db.comments.delete(id);
      await this.audit(this.context.now().toISOString(), 'delete', 'comment', id, current, null, reason);
      return ok(undefined);
    });
  }
}
