import type { JsonValue } from '../audit/audit-event.js';

/**
 * An OSCAL Plan of Action and Milestones as JSON, whole: every field its file had, verbatim, and
 * the typed view of the parts the app reads (valid only once NIST's schema has passed it).
 */

export type JsonObject = Readonly<Record<string, JsonValue>>;

/** A POA&M document, its top-level object as the file gave it (`$schema` too, if it had one). */
export type PoamDocument = { readonly 'plan-of-action-and-milestones': JsonObject } & JsonObject;

export interface OscalProp {
  readonly name: string;
  readonly value: string;
  readonly ns?: string;
}

export interface OscalTask {
  readonly uuid: string;
  readonly type: string;
  readonly title: string;
  readonly description?: string;
  readonly props?: readonly OscalProp[];
  readonly timing?: { readonly 'on-date'?: { readonly date: string }; readonly 'within-date-range'?: { readonly start: string; readonly end: string } };
}

export interface OscalResponse {
  readonly uuid: string;
  readonly lifecycle: string;
  readonly title: string;
  readonly description: string;
  readonly props?: readonly OscalProp[];
  readonly tasks?: readonly OscalTask[];
}

export interface OscalCharacterization {
  readonly origin: { readonly actors: readonly { readonly type: string; readonly 'actor-uuid': string }[] };
  readonly facets: readonly { readonly name: string; readonly system: string; readonly value: string }[];
}

export interface OscalLogEntry {
  readonly uuid: string;
  readonly title?: string;
  readonly description?: string;
  readonly start: string;
  readonly end?: string;
  readonly 'status-change'?: string;
}

export interface OscalRisk {
  readonly uuid: string;
  readonly title: string;
  readonly description: string;
  readonly statement: string;
  readonly status: string;
  readonly characterizations?: readonly OscalCharacterization[];
  readonly 'mitigating-factors'?: readonly { readonly uuid: string; readonly description: string }[];
  readonly deadline?: string;
  readonly remediations?: readonly OscalResponse[];
  readonly 'risk-log'?: { readonly entries: readonly OscalLogEntry[] };
  readonly 'related-observations'?: readonly { readonly 'observation-uuid': string }[];
}

export interface OscalObservation {
  readonly uuid: string;
  readonly title?: string;
  readonly description: string;
  readonly methods: readonly string[];
  readonly collected: string;
}

export interface OscalItem {
  readonly uuid?: string;
  readonly title: string;
  readonly description: string;
  readonly props?: readonly OscalProp[];
  readonly 'related-observations'?: readonly { readonly 'observation-uuid': string }[];
  readonly 'related-risks'?: readonly { readonly 'risk-uuid': string }[];
}

export interface OscalPoam {
  readonly uuid: string;
  readonly metadata: { readonly title: string; readonly 'last-modified': string; readonly version: string; readonly 'oscal-version': string };
  readonly 'system-id'?: { readonly id: string; readonly 'identifier-type'?: string };
  readonly observations?: readonly OscalObservation[];
  readonly risks?: readonly OscalRisk[];
  readonly findings?: readonly unknown[];
  readonly 'poam-items': readonly OscalItem[];
}

/** The typed view of a document NIST's schema has passed. */
export function poamOf(document: PoamDocument): OscalPoam {
  return document['plan-of-action-and-milestones'] as unknown as OscalPoam;
}

/** A deep copy of a JSON document, to change without touching the one stored. */
export function cloneJson<T extends JsonObject>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
