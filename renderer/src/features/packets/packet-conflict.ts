import { changedFields, type AuditEvent } from '../../../../shared/audit/audit-event.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { ReviewStore } from '../../data/review-store.js';
import type { EditedField } from './packet-form.js';

/** Someone else's changes that landed after this edit began. */
export interface Conflict {
  readonly current: Packet;
  readonly changes: readonly AuditEvent[];
  /** The packet as it was when this edit began, to tell my changes from theirs. */
  readonly base: Readonly<Record<string, unknown>> | undefined;
}

export async function conflictWith(store: ReviewStore, current: Packet, baseRevision: number): Promise<Conflict> {
  const [changes, base] = await Promise.all([store.packetChangesSince(current.id, baseRevision), store.packetAtRevision(current.id, baseRevision)]);
  const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return { current, changes, base: isRecord(base) ? base : undefined };
}

/** What "Keep my changes on top" will do, in words, before the reviewer chooses it. */
export function describeKeepMine(conflict: Conflict, clashes: readonly EditedField[]): string {
  if (!conflict.base) return 'The revision your edit began from is not in the history, so keeping yours replaces the packet with your version as a whole.';
  const notes: string[] = [];
  const replaced = clashes.filter((f) => f !== 'marking' && f !== 'status');
  if (replaced.length > 0) notes.push(`You both changed ${replaced.map((f) => FIELD_LABELS[f]).join(', ')}: keeping yours replaces theirs there.`);
  if (clashes.includes('marking')) notes.push('The marking becomes the higher of the two, since their content was written under theirs.');
  if (clashes.includes('status')) notes.push('Your status cannot follow theirs in the workflow; theirs is kept unless you choose another.');
  notes.push('Their other changes stay.');
  return notes.join(' ');
}

const FIELD_LABELS: Readonly<Record<EditedField, string>> = {
  developer: 'developer',
  modelName: 'model name',
  modelVersion: 'version',
  accessGrantedDate: 'access granted',
  plannedReleaseDate: 'planned release',
  agencies: 'agencies',
  otherAgencies: 'other agencies',
  status: 'status',
  notes: 'notes',
  marking: 'marking',
  authority: 'classification authority',
};

export function describeChange(event: AuditEvent): string {
  const labels: Readonly<Record<string, string | undefined>> = FIELD_LABELS;
  const fields = changedFields(event.before, event.after)
    .map((c) => labels[c.field])
    .filter((label): label is string => label !== undefined);
  return fields.length > 0 ? `changed ${fields.join(', ')}` : 'saved';
}