import { z } from 'zod';
import { NO_AUTHORITY } from '../../../../shared/marking/authority.js';
import { markingVocabularySchema } from '../../../../shared/marking/marking-schema.js';
import { normalizeMarking, commingle } from '../../../../shared/marking/marking.js';
import { AGENCIES } from '../../../../shared/packet/agencies.js';
import { blankPacketFields, type Packet, type PacketFields } from '../../../../shared/packet/packet.js';
import { PACKET_STATUSES, nextStatuses } from '../../../../shared/packet/packet-status.js';

/** The editor's state: what the reviewer typed, exactly, including text that is not valid yet. */
export interface PacketForm extends PacketFields {
  /** The REL TO countries exactly as typed ("GBR, AUS"); `marking.relTo` holds them parsed. */
  readonly relToText: string;
  /** Why the status changed, recorded in the history with the change. */
  readonly statusReason: string;
}

export function blankForm(today: string): PacketForm {
  return { ...blankPacketFields(today), relToText: '', statusReason: '' };
}

export function formFromPacket(packet: Packet): PacketForm {
  return {
    developer: packet.developer,
    modelName: packet.modelName,
    modelVersion: packet.modelVersion,
    accessGrantedDate: packet.accessGrantedDate,
    plannedReleaseDate: packet.plannedReleaseDate,
    agencies: packet.agencies,
    otherAgencies: packet.otherAgencies,
    status: packet.status,
    notes: packet.notes,
    marking: packet.marking,
    authority: packet.authority,
    relToText: packet.marking.relTo.join(', '),
    statusReason: '',
  };
}

/** The form's values in the shape the data layer validates. */
export function fieldsFromForm(form: PacketForm): unknown {
  const { relToText: _typed, statusReason: _reason, ...fields } = form;
  return fields;
}

export function sameForm(a: PacketForm, b: PacketForm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of a packet a reviewer edits, in form order. */
const EDITED_FIELDS = [
  'developer',
  'modelName',
  'modelVersion',
  'accessGrantedDate',
  'plannedReleaseDate',
  'agencies',
  'otherAgencies',
  'status',
  'notes',
  'marking',
  'authority',
] as const satisfies readonly (keyof PacketFields)[];
export type EditedField = (typeof EDITED_FIELDS)[number];

/**
 * Applies my edit on top of theirs, field by field: a field I changed from `base` (the revision
 * my edit started from) takes my value; every other field takes theirs. Two rules keep the
 * result sound, and report the field as a clash when they override my choice:
 * - the marking covers both sides' content (the roll-up of both), never the lower of the two;
 * - my status is kept only if the workflow allows it from theirs.
 * `clashes` lists the fields where theirs is replaced by mine, or mine could not stand.
 */
export function mergeForms(
  base: Readonly<Partial<Record<EditedField, unknown>>>,
  mine: PacketForm,
  theirs: PacketForm,
): { merged: PacketForm; clashes: EditedField[] } {
  const comparable = (v: unknown) => JSON.stringify(typeof v === 'string' ? v.trim() : v);
  const same = (a: unknown, b: unknown) => comparable(a) === comparable(b);
  const mineChanged = (field: EditedField) => !same(mine[field], base[field]);
  const take = <K extends EditedField>(field: K): PacketForm[K] => (mineChanged(field) ? mine[field] : theirs[field]);
  const clashes = new Set(EDITED_FIELDS.filter((f) => mineChanged(f) && !same(theirs[f], base[f]) && !same(theirs[f], mine[f])));

  const marking = same(mine.marking, theirs.marking) ? mine.marking : normalizeMarking(commingle([mine.marking, theirs.marking]));
  if (!same(marking, mine.marking)) clashes.add('marking');
  else clashes.delete('marking');

  const status = take('status');
  const reachable = status === theirs.status || nextStatuses(theirs.status).includes(status);
  if (!reachable) clashes.add('status');
  const mergedStatus = reachable ? status : theirs.status;

  const merged: PacketForm = {
    developer: take('developer'),
    modelName: take('modelName'),
    modelVersion: take('modelVersion'),
    accessGrantedDate: take('accessGrantedDate'),
    plannedReleaseDate: take('plannedReleaseDate'),
    agencies: take('agencies'),
    otherAgencies: take('otherAgencies'),
    status: mergedStatus,
    notes: take('notes'),
    marking,
    authority: take('authority'),
    relToText: same(marking, mine.marking) ? mine.relToText : marking.relTo.join(', '),
    // A reason belongs to a change of status; none is left if theirs is kept.
    statusReason: mergedStatus === theirs.status ? '' : mine.statusReason,
  };
  return { merged, clashes: EDITED_FIELDS.filter((f) => clashes.has(f)) };
}

/**
 * Drafts come back from storage and may predate a change to the form: anything that does not
 * have the current shape is ignored rather than trusted.
 */
const draftFormSchema = z.strictObject({
  developer: z.string(),
  modelName: z.string(),
  modelVersion: z.string(),
  accessGrantedDate: z.string(),
  plannedReleaseDate: z.string(),
  agencies: z.array(z.enum(AGENCIES)),
  otherAgencies: z.string(),
  status: z.enum(PACKET_STATUSES),
  notes: z.string(),
  // Known vocabulary only; combinations may be invalid mid-edit and are checked on save.
  marking: markingVocabularySchema,
  // Drafts saved before packets kept an authority block have none.
  authority: z.strictObject({ classifiedBy: z.string(), derivedFrom: z.string(), declassifyOn: z.string() }).default(NO_AUTHORITY),
  relToText: z.string(),
  statusReason: z.string(),
});

export function formFromDraft(draft: unknown): PacketForm | undefined {
  const parsed = draftFormSchema.safeParse(draft);
  return parsed.success ? parsed.data : undefined;
}
