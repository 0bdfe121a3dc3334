import type { Marking } from '../marking/marking.js';
import type { PoamDocument } from '../oscal/poam-document.js';

/**
 * A developer's remediation plan, as Frontier Review keeps it: the parts of an OSCAL Plan of
 * Action and Milestones (POA&M) a review works with. Imported from and exported to OSCAL JSON
 * (shared/oscal); each imported file becomes a new version of a packet's plan.
 */

/**
 * OSCAL's risk status values, in the order a risk usually moves through them. OSCAL lets a plan
 * use other tokens too, so a status is any token; these are the ones the app knows.
 */
export const RISK_STATUSES = ['open', 'investigating', 'remediating', 'deviation-requested', 'deviation-approved', 'closed'] as const;
export type RiskStatus = string;

/** OSCAL's remediation lifecycle values (again, other tokens are allowed). */
export const REMEDIATION_LIFECYCLES = ['recommendation', 'planned', 'completed'] as const;
export type RemediationLifecycle = string;

/** What a plan's risks, remediations and items have in common. */
interface PlanEntry {
  readonly uuid: string;
  readonly title: string;
  readonly description: string;
}

export interface PlanObservation {
  readonly uuid: string;
  readonly title: string | null;
  readonly description: string;
  readonly methods: readonly string[];
  /** When the evidence was collected (date-time with time zone). */
  readonly collected: string;
}

export interface PlanMilestone {
  readonly uuid: string;
  /** OSCAL task type: usually "milestone" or "action". */
  readonly type: string;
  readonly title: string;
  readonly description: string | null;
  /** Planned start and end (date-times); a task on a single date has only `end`. */
  readonly start: string | null;
  readonly end: string | null;
  /** Who is to deliver it, when the plan says (see OWNER_PROP). */
  readonly owner: string | null;
}

/**
 * OSCAL has no owner field on tasks or items short of a party registry, so an owner travels as a
 * property in Frontier Review's own namespace, as OSCAL provides for extensions.
 */
export const OWNER_PROP = { name: 'owner', ns: 'https://frontier-review.invalid/ns/oscal' } as const;

export interface PlanRemediation extends PlanEntry {
  readonly lifecycle: RemediationLifecycle;
  /** The response type, when the plan gives one (avoid, mitigate, transfer, accept…). */
  readonly responseType: string | null;
  readonly milestones: readonly PlanMilestone[];
}

export interface PlanRiskLogEntry {
  readonly uuid: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly start: string;
  readonly end: string | null;
  readonly statusChange: RiskStatus | null;
}

export interface PlanRisk extends PlanEntry {
  readonly statement: string;
  readonly status: RiskStatus;
  readonly likelihood: string | null;
  readonly impact: string | null;
  /** The scale the likelihood and impact come from (the OSCAL facet system). */
  readonly facetSystem: string | null;
  /** Who judged the likelihood and impact (OSCAL actors: party, tool or assessment platform). */
  readonly judgedBy: readonly { readonly type: string; readonly actorUuid: string }[];
  readonly deadline: string | null;
  readonly mitigatingFactors: readonly { readonly uuid: string; readonly description: string }[];
  readonly remediations: readonly PlanRemediation[];
  readonly riskLog: readonly PlanRiskLogEntry[];
  readonly relatedObservations: readonly string[];
}

export interface PlanItem extends PlanEntry {
  readonly relatedObservations: readonly string[];
  readonly relatedRisks: readonly string[];
  /** Who answers for the item, when the plan says (see OWNER_PROP). */
  readonly owner: string | null;
}

export interface RemediationPlanContent {
  /** The POA&M document's own UUID. */
  readonly documentUuid: string;
  readonly title: string;
  /** The plan's own version label, as its authors gave it. */
  readonly version: string;
  readonly lastModified: string;
  /** The OSCAL version of the file it came from. */
  readonly oscalVersion: string;
  readonly systemId: string | null;
  /** The kind of identifier `systemId` is (a URI), when the plan says. */
  readonly systemIdType: string | null;
  readonly observations: readonly PlanObservation[];
  readonly risks: readonly PlanRisk[];
  readonly items: readonly PlanItem[];
}

/** A risk's own fields, the same in OSCAL and here: taken field by field, so nothing else rides along. */
export function riskCore(risk: Pick<PlanRisk, 'uuid' | 'title' | 'description' | 'statement' | 'status'>): Pick<PlanRisk, 'uuid' | 'title' | 'description' | 'statement' | 'status'> {
  return { uuid: risk.uuid, title: risk.title, description: risk.description, statement: risk.statement, status: risk.status };
}

/**
 * Something in an imported plan that was wrong but did not stop the rest from being imported: a
 * reference the app cannot follow (kept in the document, not followed), or something the reader
 * could not carry (said, never dropped in silence).
 */
export interface PlanProblem {
  /**
   * Where in the file: a JSON pointer (`/plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid`).
   * Versions imported before plans kept their documents (schema version 14) say `poam-items[0]`.
   */
  readonly where: string;
  readonly message: string;
}

/**
 * One version of a packet's remediation plan. Each imported file is a new version (the
 * developer's revised plan never overwrites the one before), numbered from 1 per packet.
 */
export interface PlanVersion {
  readonly id: string;
  readonly packetId: string;
  readonly version: number;
  readonly content: RemediationPlanContent;
  /**
   * The version's OSCAL document, every field of it: the file as imported, verbatim; for a version
   * edited in the app, its base's document with the edit applied (shared/oscal/poam-edit). It is
   * what the version exports and what a bundle carries. Null for versions stored before schema
   * version 14, which are written from `content` as they always were.
   */
  readonly document: PoamDocument | null;
  /** What was wrong in the file but did not stop the import. */
  readonly problems: readonly PlanProblem[];
  readonly source: { readonly fileName: string; readonly size: number; readonly sha256: string };
  readonly marking: Marking;
  readonly importedAt: string;
  /** The version this one was edited from in the app; null for a version imported from a file. */
  readonly editedFrom: number | null;
}
