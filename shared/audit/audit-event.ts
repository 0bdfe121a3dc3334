import type { ProfileRole } from '../identity/profile.js';

/**
 * One entry in the review history. The data layer writes exactly one of these in the same
 * transaction as every change to review data, so the history can never disagree with the data.
 */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'status-change', 'export', 'import', 'print'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDITED_ENTITIES = ['packet', 'model', 'benchmark-run', 'threshold', 'finding', 'remediation-plan', 'comparison', 'workstation-settings', 'profile', 'trusted-signer', 'bundle', 'attachment', 'comment', 'history-checkpoint', 'file-export', 'review-report'] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface AuditEventInput {
  /** ISO 8601 instant, UTC. */
  readonly at: string;
  /** Who made the change: the profile's name, or the workstation user's before profiles exist. */
  readonly actor: string;
  /** The acting profile's role; absent for the workstation user before profiles exist. */
  readonly role?: ProfileRole;
  readonly action: AuditAction;
  readonly entityType: AuditedEntity;
  readonly entityId: string;
  /** The record before the change; null for a creation. */
  readonly before: JsonValue;
  /** The record after the change; null for a deletion. */
  readonly after: JsonValue;
  readonly reason?: string;
}

export interface AuditEvent extends AuditEventInput {
  /** Position in the history, assigned by the database: 1, 2, 3, ... */
  readonly seq: number;
}

export interface FieldChange {
  readonly field: string;
  readonly before: JsonValue | undefined;
  readonly after: JsonValue | undefined;
}

/** Top-level fields that differ between two records, for a one-line summary of an edit. */
export function changedFields(before: JsonValue, after: JsonValue): FieldChange[] {
  const a = isRecord(before) ? before : {};
  const b = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((field) => ({ field, before: a[field], after: b[field] }));
}

function isRecord(v: JsonValue): v is Readonly<Record<string, JsonValue>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
