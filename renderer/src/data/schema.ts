import type { Dexie } from 'dexie';

/**
 * The database schema, one dated version per change. Never edit a version that has shipped:
 * add a new one with an upgrade function, and extend the migration test with a database
 * seeded at the previous version.
 *
 * Index strings list the primary key first; `++` is auto-increment, `&` unique, `[a+b]` compound.
 */
export function defineSchema(db: Dexie): void {
  /**
   * Version 1 (2026-11-22): model evaluation packets, the review history, and drafts of
   * unsaved edits.
   */
  db.version(1).stores({
    packets: 'id, status, plannedReleaseDate, updatedAt',
    auditEvents: '++seq, at, [entityType+entityId]',
    drafts: 'key',
  });
}
