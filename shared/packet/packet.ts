import { z } from 'zod';
import { daysBetween, isIsoDate } from '../calendar/iso-date.js';
import { NO_AUTHORITY, authoritySchema, type ClassificationAuthority } from '../marking/authority.js';
import { markingSchema } from '../marking/marking-schema.js';
import { UNCLASSIFIED, type Marking } from '../marking/marking.js';
import { AGENCIES, type Agency } from './agencies.js';
import { PACKET_STATUSES, type PacketStatus } from './packet-status.js';

/** What a reviewer enters for a model evaluation packet. */
export interface PacketFields {
  /** The AI developer (organization) that shared the model. */
  readonly developer: string;
  readonly modelName: string;
  /** Version or snapshot id of the model under review. */
  readonly modelVersion: string;
  readonly accessGrantedDate: string;
  readonly plannedReleaseDate: string;
  readonly agencies: readonly Agency[];
  /** Names of agencies behind "Other", required when it is chosen. */
  readonly otherAgencies: string;
  readonly status: PacketStatus;
  readonly notes: string;
  readonly marking: Marking;
  /** Who classified the packet, from what, and until when: the block its classified printouts and exports carry. */
  readonly authority: ClassificationAuthority;
}

/** A stored packet: the fields plus identity and bookkeeping the data layer owns. */
export interface Packet extends PacketFields {
  readonly id: string;
  /** The model this packet reviews; see shared/model. */
  readonly modelId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented on every change; an edit based on an older revision is refused, not merged blindly. */
  readonly revision: number;
  /** Principals of the reviewers assigned to it: the only reviewers who may change it. Team leads assign them. */
  readonly assignees: readonly string[];
}

export const TEXT_LIMIT = 200;

/** Reviewers assigned to a packet, by the principals of their profiles (as in allowed_signers). */
export const assigneesSchema = z.array(z.string().trim().min(1, 'A reviewer is named by a principal.').max(200)).max(100, 'A packet has at most 100 assigned reviewers.');
export const NOTES_LIMIT = 20_000;

const requiredText = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(TEXT_LIMIT, `${label} is longer than ${TEXT_LIMIT} characters.`);

const calendarDate = (label: string) =>
  z.string().refine(isIsoDate, `${label} must be a calendar date (YYYY-MM-DD).`);

export const packetFieldsSchema: z.ZodType<PacketFields> = z
  .strictObject({
    developer: requiredText('AI developer'),
    modelName: requiredText('Model name'),
    modelVersion: requiredText('Version or snapshot id'),
    accessGrantedDate: calendarDate('Access granted'),
    plannedReleaseDate: calendarDate('Planned public release'),
    agencies: z
      .array(z.enum(AGENCIES))
      .min(1, 'Choose at least one participating agency.')
      .transform((list) => AGENCIES.filter((a) => list.includes(a))),
    otherAgencies: z.string().trim().max(TEXT_LIMIT, `Other agencies is longer than ${TEXT_LIMIT} characters.`),
    status: z.enum(PACKET_STATUSES),
    notes: z.string().max(NOTES_LIMIT, `Notes are longer than ${NOTES_LIMIT.toLocaleString('en-US')} characters.`),
    marking: markingSchema,
    // Packets stored or bundled before the block was kept have none recorded.
    authority: authoritySchema.default(NO_AUTHORITY),
  })
  // Text behind an unticked "Other" is not kept: it would be invisible in the form yet stored.
  .transform((p) => (p.agencies.includes('Other') ? p : { ...p, otherAgencies: '' }))
  .superRefine((p, ctx) => {
    if (isIsoDate(p.accessGrantedDate) && isIsoDate(p.plannedReleaseDate)) {
      if (daysBetween(p.accessGrantedDate, p.plannedReleaseDate) < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['plannedReleaseDate'],
          message: 'Planned public release cannot be before the date access was granted.',
        });
      }
    }
    if (p.agencies.includes('Other') && p.otherAgencies.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['otherAgencies'], message: 'Name the other agencies taking part.' });
    }
  });

/** Starting values for a new packet form. */
export function blankPacketFields(today: string): PacketFields {
  return {
    developer: '',
    modelName: '',
    modelVersion: '',
    accessGrantedDate: today,
    plannedReleaseDate: '',
    agencies: [],
    otherAgencies: '',
    status: 'received',
    notes: '',
    marking: UNCLASSIFIED,
    authority: NO_AUTHORITY,
  };
}
