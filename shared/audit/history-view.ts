import { localIsoDate } from '../calendar/iso-date.js';
import { markingSchema } from '../marking/marking-schema.js';
import { UNCLASSIFIED, bannerOf, commingle, type Marking } from '../marking/marking.js';
import { changedFields, type AuditedEntity, type FieldChange, type JsonValue } from './audit-event.js';
import type { HistoryEvent } from './history.js';
import { WHOLE_HISTORY, packetOfEvent, packetsOfEvent } from './log-export.js';

/**
 * The review history as the auditor's timeline shows it: each event with its packet, the fields it
 * changed and what it can be searched by, and the filters the timeline offers. Pure functions, so
 * the timeline, its exports and their tests agree on what a filter selects.
 */

export interface HistoryRow {
  readonly event: HistoryEvent;
  readonly packetId: string | null;
  /** Every packet the event is about: an export or a bundle may take out several. */
  readonly packetIds: readonly string[];
  /** What the event is shown under: see `eventMarkings`. */
  readonly marking: Marking;
  /** The fields an edit changed; every field for a creation or a deletion. */
  readonly fields: readonly string[];
  /** A name for the record: a packet's model, a finding's title, a signer's principals. */
  readonly record: string;
  /** Lowercase text a search matches: actor, record, id, fields, reason and values. */
  readonly haystack: string;
}

export interface HistoryFilters {
  readonly packetId: string;
  readonly entityType: string;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  /** Local dates, inclusive; '' for open. */
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** One record's whole history. */
  readonly record: { readonly entityType: AuditedEntity; readonly entityId: string } | null;
}

export const NO_HISTORY_FILTERS: HistoryFilters = { packetId: '', entityType: '', actor: '', role: '', action: '', from: '', to: '', text: '', record: null };

/** Fields that change with every edit and say nothing by themselves. */
const BOOKKEEPING = new Set(['updatedAt', 'revision']);

function asRecord(v: JsonValue): Readonly<Record<string, JsonValue>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Readonly<Record<string, JsonValue>>) : undefined;
}

/** What changed, field by field: for a creation every field after, for a deletion every field before. */
export function eventChanges(event: Pick<HistoryEvent, 'before' | 'after'>): FieldChange[] {
  return changedFields(event.before, event.after).filter((c) => !BOOKKEEPING.has(c.field));
}

function recordName(event: HistoryEvent): string {
  const r = asRecord(event.after) ?? asRecord(event.before);
  if (!r) return event.entityId;
  const text = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k]) : undefined);
  if (event.entityType === 'packet') return [text('developer'), text('modelName'), text('modelVersion')].filter(Boolean).join(' ') || event.entityId;
  if (event.entityType === 'model') return [text('developer'), text('name')].filter(Boolean).join(' ') || event.entityId;
  if (event.entityType === 'trusted-signer') return Array.isArray(r.principals) ? r.principals.join(', ') : event.entityId;
  if (event.entityType === 'comment') return text('body')?.slice(0, 80) ?? event.entityId;
  if (event.entityType === 'history-checkpoint') return `${text('origin') ?? ''}, key ${event.entityId.split('+')[1] ?? ''}`;
  return text('title') ?? text('name') ?? text('fileName') ?? text('bundleId') ?? event.entityId;
}

export function historyRows(events: readonly HistoryEvent[]): HistoryRow[] {
  const rows = events.map((event) => {
    const fields = eventChanges(event).map((c) => c.field);
    const record = recordName(event);
    const values = JSON.stringify(event.after ?? event.before).slice(0, 4000);
    return {
      event,
      packetId: packetOfEvent(event),
      packetIds: packetsOfEvent(event),
      fields,
      record,
      haystack: [event.actor, record, event.entityId, fields.join(' '), event.reason ?? '', values].join('\n').toLowerCase(),
      marking: UNCLASSIFIED,
    };
  });
  const markings = eventMarkings(rows);
  return rows.map((row) => ({ ...row, marking: markings.get(row.event.seq) ?? UNCLASSIFIED }));
}

/** Packets by id, named as their latest event names them: deleted packets keep their name in the history. */
export function packetNames(rows: readonly HistoryRow[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const row of rows) if (row.event.entityType === 'packet') names.set(row.event.entityId, row.record);
  return names;
}

export function filterHistory(rows: readonly HistoryRow[], f: HistoryFilters): HistoryRow[] {
  const needle = f.text.trim().toLowerCase();
  return rows.filter((row) => {
    const e = row.event;
    if (f.record && (e.entityType !== f.record.entityType || e.entityId !== f.record.entityId)) return false;
    if (f.packetId && !row.packetIds.includes(f.packetId)) return false;
    if (f.entityType && e.entityType !== f.entityType) return false;
    if (f.actor && e.actor !== f.actor) return false;
    if (f.role && (e.role ?? 'none') !== f.role) return false;
    if (f.action && e.action !== f.action) return false;
    if (f.from || f.to) {
      const day = localIsoDate(new Date(e.at));
      if ((f.from && day < f.from) || (f.to && day > f.to)) return false;
    }
    return needle === '' || row.haystack.includes(needle);
  });
}

/** The filters in words, for an export's header: what part of the history it holds. */
export function describeFilters(f: HistoryFilters, packets: ReadonlyMap<string, string>): string {
  const parts = [
    f.record && `the ${f.record.entityType} ${f.record.entityId}`,
    f.packetId && `packet ${packets.get(f.packetId) ?? f.packetId}`,
    f.entityType && `${f.entityType} records`,
    f.actor && `by ${f.actor}`,
    f.role && `in the role ${f.role}`,
    f.action && `action ${f.action}`,
    f.from && `from ${f.from}`,
    f.to && `to ${f.to}`,
    f.text.trim() && `matching "${f.text.trim()}"`,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length === 0 ? WHOLE_HISTORY : `events: ${parts.join(', ')}`;
}

/** Every marking held anywhere in a value: a record's own, and those of records nested in it (an export's, a bundle's). */
function markingsIn(value: JsonValue, found: Marking[], depth = 0): void {
  if (depth > 6 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 1000)) markingsIn(v as JsonValue, found, depth + 1);
    return;
  }
  const record = value as Readonly<Record<string, JsonValue>>;
  const own = markingSchema.safeParse(record.marking);
  if (own.success) found.push(own.data);
  for (const [key, v] of Object.entries(record)) if (key !== 'marking') markingsIn(v, found, depth + 1);
}

/** The highest marking an event's records hold, before and after, nested ones included: a record's marking, so the CUI they hold stays on it. */
export function ownMarking(event: { readonly before: JsonValue; readonly after: JsonValue }): Marking {
  const found: Marking[] = [UNCLASSIFIED];
  markingsIn(event.before, found);
  markingsIn(event.after, found);
  return commingle(found);
}

/**
 * The marking each event is shown under: the markings its records hold, before and after; the
 * markings its packets ever had (a row names its packet); for a model, those of the packets that
 * review it; for an original log, those of the runs read from it. Records without a marking of their
 * own (models, logs, bundle and export events) so never show under less than what they belong to.
 */
export function eventMarkings(rows: readonly Pick<HistoryRow, 'event' | 'packetIds'>[]): Map<number, Marking> {
  const packets = new Map<string, Marking[]>();
  const models = new Map<string, Marking[]>();
  const logs = new Map<string, Marking[]>();
  const add = (map: Map<string, Marking[]>, key: unknown, m: Marking) => {
    if (typeof key === 'string') map.set(key, [...(map.get(key) ?? []), m]);
  };
  const own = new Map<number, Marking[]>();
  for (const { event } of rows) {
    const found: Marking[] = [];
    markingsIn(event.before, found);
    markingsIn(event.after, found);
    own.set(event.seq, found);
    for (const side of [event.before, event.after]) {
      const r = asRecord(side);
      const m = markingSchema.safeParse(r?.marking);
      if (!r || !m.success) continue;
      if (event.entityType === 'packet') {
        add(packets, event.entityId, m.data);
        add(models, r.modelId, m.data);
      }
      if (event.entityType === 'benchmark-run') add(logs, asRecord(r.source ?? null)?.sha256, m.data);
    }
  }
  const result = new Map<number, Marking>();
  for (const row of rows) {
    const e = row.event;
    const related = [...row.packetIds.flatMap((id) => packets.get(id) ?? []), ...(e.entityType === 'model' ? (models.get(e.entityId) ?? []) : []), ...(e.entityType === 'attachment' ? (logs.get(e.entityId) ?? []) : [])];
    // Shown as the event's portion mark: the CUI it holds stays identifiable.
    result.set(e.seq, commingle([UNCLASSIFIED, ...(own.get(e.seq) ?? []), ...related]));
  }
  return result;
}

/** The highest marking of the records these events hold, before and after, and of what they name: a banner over them. */
export function markingOfEvents(rows: readonly HistoryRow[]): Marking {
  return bannerOf([UNCLASSIFIED, ...rows.map((r) => r.marking)]);
}
