import type { Table } from 'dexie';
import type { z } from 'zod';
import type { AuditAction, AuditEventInput, AuditedEntity, JsonValue } from '../../../shared/audit/audit-event.js';
import { EMPTY_FRONTIER, eventLeafBytes, historySigner, newHistoryKey, sealEvent, type HistoryKey } from '../../../shared/audit/history.js';
import { PAGE_EVENTS, firstSeqOfPage, packBlock, pageOf } from '../../../shared/audit/history-check.js';
import { historyVerifierKey } from '../../../shared/audit/history-key.js';
import { bannerText, exceedsCeiling, type Marking } from '../../../shared/marking/marking.js';
import type { CuiDesignator } from '../../../shared/marking/cui-designation.js';
import type { ProfileRole } from '../../../shared/identity/profile.js';
import { err, ok, type AppError, type FieldIssue, type Result } from '../../../shared/errors/result.js';
import type { ReviewDatabase } from './database.js';
import { HISTORY_KEY_LOCKED, HISTORY_KEY_MISSING, HISTORY_KEY_UNSEALED, isSealedKey, storedHistoryKey } from './history-key-vault.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID } from './schema.js';

/**
 * Who is acting: an unlocked profile with its role; the workstation's user, on a workstation with
 * no profiles yet; or nobody, when profiles exist and none is unlocked.
 */
export type ActingAs = { readonly kind: 'profile'; readonly profileId: string; readonly role: ProfileRole } | { readonly kind: 'workstation-user' } | { readonly kind: 'locked' };

/** What a change needs of the one making it. */
/** `export`: files and printouts leaving the workstation, which auditors make too (the history's own exports). */
export type Permission = 'edit-review' | 'manage-profiles' | 'sign-bundles' | 'manage-workstation' | 'assign-reviewers' | 'export' | 'make-reports' | 'sign-reports';

/** What an unlocked profile holds in memory that the data layer needs, until it locks. */
export interface UnlockedKeys {
  /** The profile's age identity, which opens the sealed history key again when a profile is added. */
  readonly ageIdentity: string;
  /** The history key the profile opened when it was unlocked, or why it could not. */
  readonly historyKey: Result<HistoryKey>;
}

/** Who is acting and under which accreditation; asked for at the moment of each change. */
export interface StoreContext {
  /** The actor recorded in the history. */
  actor(): string;
  acting(): ActingAs;
  /** The workstation's system high: nothing may be marked above it. */
  systemHigh(): Marking;
  /** What the workstation's removable media and printers are accredited to, where it is below the system high. */
  exportCeiling?(): Marking;
  /** Who designates the CUI in what leaves (the workstation's agency, office and point of contact). */
  cuiDesignator?(): CuiDesignator | undefined;
  /** The unlocked profile's keys; none while locked, or before the first profile exists. */
  unlockedKeys?(): UnlockedKeys | undefined;
  now(): Date;
}

/**
 * What every part of the data layer shares: a change and its audit event are written in one
 * Dexie transaction, a Result error rolls the whole transaction back, and nothing is stored
 * marked above the workstation's system high.
 */
export abstract class AuditedStore {
  constructor(
    protected readonly db: ReviewDatabase,
    protected readonly context: StoreContext,
  ) {}

  /**
   * Runs `body` in one read-write transaction over `tables` and the audit table. A Result
   * error thrown out of the transaction rolls back everything written so far.
   */
  protected async transact<T>(tables: Table[], body: () => Promise<Result<T>>, permission: Permission = 'edit-review'): Promise<Result<T>> {
    try {
      // The profiles are read in the same transaction: who may act is decided from what is stored.
      return await this.db.transaction('rw', [...new Set([...tables, this.db.auditEvents, this.db.historySeal, ...this.pageTable(), ...this.profileTable()])], async () => {
        const refused = await this.permissionProblem(permission);
        if (refused && !refused.ok) throw new RolledBack(refused.error);
        const result = await body();
        if (!result.ok) throw new RolledBack(result.error);
        return result;
      });
    } catch (e) {
      if (e instanceof RolledBack) return { ok: false, error: e.error };
      if (e instanceof HistoryMismatch) return err('failed', e.message);
      if (e instanceof HistoryLocked) return err('forbidden', e.message);
      const message = e instanceof Error ? e.message : String(e);
      return err('failed', `The change was not saved: ${message}`);
    }
  }

  /**
   * Roles, enforced here rather than only hidden in the interface: auditors change nothing, only
   * team leads sign bundles or manage profiles, and a locked workstation changes nothing. Before
   * the first profile exists the workstation's user acts, so a new workstation can be set up.
   */
  protected async permissionProblem(permission: Permission): Promise<Result<never> | undefined> {
    const acting = this.context.acting();
    if (acting.kind === 'locked') return err('forbidden', 'No profile is unlocked on this workstation: unlock yours to make changes.');
    if (acting.kind === 'workstation-user') {
      // Another window may have made the first profile since this one opened.
      const [profiles] = this.profileTable();
      return !profiles || (await profiles.count()) === 0 ? undefined : err('forbidden', 'This workstation has profiles now: unlock yours to make changes.');
    }
    // The role as stored, not as it was when the profile was unlocked.
    const role = (await this.db.profiles.get(acting.profileId))?.role;
    if (role === undefined) return err('forbidden', 'The unlocked profile no longer exists on this workstation.');
    if (permission === 'export') return undefined;
    if (role === 'auditor') return err('forbidden', 'Auditors can read the review and its history but not change them.');
    if (permission === 'sign-bundles' && role !== 'team-lead') return err('forbidden', 'Only a team lead signs and exports review bundles.');
    if (permission === 'manage-profiles' && role !== 'team-lead') return err('forbidden', 'Only a team lead adds profiles, changes roles or changes whom the workstation trusts.');
    if (permission === 'manage-workstation' && role !== 'team-lead') return err('forbidden', "Only a team lead changes the workstation's settings.");
    if (permission === 'make-reports' && role !== 'team-lead') return err('forbidden', 'Only a team lead makes review reports.');
    if (permission === 'sign-reports' && role !== 'team-lead') return err('forbidden', 'Only a team lead signs review reports, as only a team lead signs bundles.');
    if (permission === 'assign-reviewers' && role !== 'team-lead') return err('forbidden', 'Only a team lead assigns reviewers to packets.');
    return undefined;
  }

  protected async audit(
    at: string,
    action: AuditAction,
    entityType: AuditedEntity,
    entityId: string,
    before: object | null,
    after: object | null,
    reason?: string,
  ): Promise<void> {
    const event: AuditEventInput = {
      at,
      actor: this.context.actor(),
      ...(await this.roleOf(this.context.acting())),
      action,
      entityType,
      entityId,
      before: toJson(before),
      after: toJson(after),
      ...(reason === undefined || reason.trim() === '' ? {} : { reason: reason.trim() }),
    };
    // Sealed as the next leaf of the history's tree, with the signed head of the tree it ends.
    const stored = await this.db.historySeal.get(HISTORY_FRONTIER_ID);
    const frontier = stored?.id === 'frontier' ? stored : EMPTY_FRONTIER;
    const last = (await this.db.auditEvents.orderBy('seq').last())?.seq ?? 0;
    if (last !== frontier.size) {
      // The seal no longer matches the events: sealing more would hide that. Nothing is saved.
      throw new HistoryMismatch(`The review history's seal does not match its events (the last event is #${last}, the seal covers ${frontier.size}); nothing was saved. Open History integrity to see what changed.`);
    }
    const key = await this.historyKey(frontier.size);
    const { seal, frontier: next, canonical } = sealEvent(event, frontier, key.origin, historySigner(key));
    await this.db.auditEvents.add({ ...event, seq: next.size, ...seal, canonical });
    await this.db.historySeal.put({ id: HISTORY_FRONTIER_ID, ...next });
    if (next.size % PAGE_EVENTS === 0) await this.writeHistoryPage(pageOf(next.size));
  }

  /**
   * The page an event just filled, from its events' records, in the same transaction. Pages run
   * from the first with none missing: after a gap (a damaged history) the events stay in their
   * records alone, where verification names the event missing.
   */
  private async writeHistoryPage(page: number): Promise<void> {
    const [pages] = this.pageTable();
    if (!pages) return;
    if (page > 0 && (await this.db.historyPages.where('index').equals(page - 1).count()) === 0) return;
    const first = firstSeqOfPage(page);
    const events = await this.db.auditEvents.where('seq').between(first, first + PAGE_EVENTS, true, false).toArray();
    if (events.length !== PAGE_EVENTS || events.at(-1)?.seq !== first + PAGE_EVENTS - 1) return;
    const { bytes, ends, leaves } = packBlock(first, events.map((e) => ({ canonical: e.canonical ?? eventLeafBytes(e), leaf: e.leaf })));
    await this.db.historyPages.put({ index: page, bytes, ends, leaves });
  }

  /**
   * Inside a transaction that includes the packets: refuses (rolling everything back) a change to
   * a packet by a reviewer not assigned to it. Team leads change any packet; auditors none, which
   * the transaction's permission has already refused. A packet that does not exist is left to the
   * caller, which says so in its own words.
   */
  protected async requireAssigned(packetId: string): Promise<void> {
    const acting = this.context.acting();
    if (acting.kind !== 'profile') return;
    const profile = await this.db.profiles.get(acting.profileId);
    if (profile?.role !== 'reviewer') return;
    const packet = await this.db.packets.get(packetId);
    if (!packet || packet.assignees.includes(profile.principal)) return;
    throw new RolledBack({
      code: 'forbidden',
      message: `Reviewers change only the packets they are assigned to, and ${packet.developer} ${packet.modelName} ${packet.modelVersion} is not assigned to ${profile.principal}. A team lead assigns reviewers in the packet's details.`,
    });
  }

  /** The principal of the acting profile when it is a reviewer's: whom a packet they create is assigned to. */
  protected async actingReviewer(): Promise<string | undefined> {
    const profile = await this.actingProfile();
    return profile?.role === 'reviewer' ? profile.principal : undefined;
  }

  /** The unlocked profile as stored, or undefined for a workstation's user before profiles exist. */
  protected async actingProfile() {
    const acting = this.context.acting();
    return acting.kind === 'profile' ? this.db.profiles.get(acting.profileId) : undefined;
  }

  /**
   * Refuses (rolling everything back) a comment's deletion, or its return, by someone who may not
   * delete it: its author (by principal) and team leads may; what a team lead deleted, only a team lead brings back.
   */
  protected async requireCommentAuthority(comment: { readonly author: string; readonly authorPrincipal: string | null }, deletedByRole?: ProfileRole): Promise<void> {
    const profile = await this.actingProfile();
    if (profile?.role === 'team-lead') return;
    if (deletedByRole === 'team-lead') throw new RolledBack({ code: 'forbidden', message: `A team lead deleted the comment by ${comment.author} here; only a team lead may bring it back. Keep it deleted, or ask a team lead to merge this bundle.` });
    if (comment.authorPrincipal !== (profile?.principal ?? null)) throw new RolledBack({ code: 'forbidden', message: `Only ${comment.author}, who wrote this comment, or a team lead may delete it or bring it back.` });
  }

  /** The history's pages, where the schema has them (a database seeded at a version before 17 has not). */
  private pageTable(): Table[] {
    return this.db.tables.some((t) => t.name === 'historyPages') ? [this.db.historyPages] : [];
  }

  /** The profiles table, where the schema has one (a database seeded at a version before 8 has not). */
  private profileTable(): Table[] {
    return this.db.tables.some((t) => t.name === 'profiles') ? [this.db.profiles] : [];
  }

  /** The acting profile's role as stored, for the history; none for the workstation's user. */
  private async roleOf(acting: ActingAs): Promise<{ readonly role?: ProfileRole }> {
    if (acting.kind !== 'profile') return {};
    const role = (await this.db.profiles.get(acting.profileId))?.role;
    return role ? { role } : {};
  }

  /**
   * The workstation's history key. Sealed to the profiles, it signs only as the unlocked profile
   * opened it; so a locked workstation, or a copy of the database without a passphrase, records
   * nothing. In the clear only before the first profile, when it is made the first time the history
   * is written (and only then).
   */
  private async historyKey(sealed: number): Promise<HistoryKey> {
    const stored = await storedHistoryKey(this.db);
    if (stored && isSealedKey(stored)) {
      const opened = this.context.unlockedKeys?.()?.historyKey;
      if (!opened) throw new HistoryLocked(`${HISTORY_KEY_LOCKED} Nothing was saved.`);
      if (!opened.ok) throw new HistoryLocked(`${opened.error.message} Nothing was saved.`);
      if (historyVerifierKey(opened.value) !== stored.verifierKey) throw new HistoryMismatch("The history key opened when this profile was unlocked is not the one this workstation's history is sealed with now: the database was changed since. Nothing was saved.");
      return opened.value;
    }
    const [profiles] = this.profileTable();
    if (profiles && (await profiles.count()) > 0) throw new HistoryMismatch(stored ? `${HISTORY_KEY_UNSEALED} Nothing was saved.` : HISTORY_KEY_MISSING);
    if (stored) return { origin: stored.origin, seed: stored.seed };
    if (sealed > 0) throw new HistoryMismatch(HISTORY_KEY_MISSING);
    const key = newHistoryKey((length) => crypto.getRandomValues(new Uint8Array(length)));
    await this.db.historySeal.put({ id: HISTORY_KEY_ID, ...key });
    return key;
  }

  /** The refusal of a change whose workflow asks for a reason, when none is given; `what` says what changes. */
  protected missingReason(reason: string, what: string): Result<never> | undefined {
    return reason.trim() === '' ? err('invalid-input', `Say why ${what}: the history keeps the reason.`, [{ path: 'reason', message: 'Required.' }]) : undefined;
  }

  /**
   * A team lead's decision about one record the workstation keeps (a signer it trusts, a profile, a
   * history seen here), which the history keeps with its reason. Refused without a reason, where
   * `what` says what changes, and when the record is gone, which `gone` says. `decide` makes the
   * change and writes its event, in the same transaction.
   */
  protected decideWithReason<R, T, Insert>(
    table: Table<R, string, Insert>,
    id: string,
    reason: string,
    words: { readonly what: string; readonly gone: string },
    decide: (current: R, at: string) => Promise<Result<T>>,
  ): Promise<Result<T>> {
    const unexplained = this.missingReason(reason, words.what);
    if (unexplained) return Promise.resolve(unexplained);
    return this.transact(
      [table],
      async () => {
        const current = await table.get(id);
        if (!current) return err('not-found', words.gone);
        return decide(current, this.context.now().toISOString());
      },
      'manage-profiles',
    );
  }

  /** Input checked against `schema`, its first problem as the message, and its marking against the system high. */
  protected checkMarked<T extends { readonly marking: Marking }>(schema: z.ZodType<T>, input: unknown, fallback: string): Result<T> {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return err('invalid-input', issues[0]?.message ?? fallback, issues);
    }
    return this.ceilingProblem(parsed.data.marking) ?? ok(parsed.data);
  }

  /**
   * Deletes one record with its audit event, in one transaction; `what` names it when it is already
   * gone. `packetOf` names the packet a record belongs to, which the one acting must be assigned to.
   */
  protected deleteRecord<T extends object>(table: Table<T, string>, entityType: AuditedEntity, id: string, what: string, reason?: string, packetOf?: (record: T) => string): Promise<Result<void>> {
    return this.transact(packetOf ? [table, this.db.packets] : [table], async () => {
      const current = await table.get(id);
      if (!current) return err('not-found', `This ${what} no longer exists.`);
      if (packetOf) await this.requireAssigned(packetOf(current));
      await table.delete(id);
      await this.audit(this.context.now().toISOString(), 'delete', entityType, id, current, null, reason);
      return ok(undefined);
    });
  }

  /** The refusal for a marking above the system high, or undefined if the marking is allowed. */
  protected ceilingProblem(marking: Marking, path = 'marking'): Result<never> | undefined {
    const ceiling = this.context.systemHigh();
    const reasons = exceedsCeiling(marking, ceiling);
    if (reasons.length === 0) return undefined;
    const message = `This workstation is accredited to ${bannerText(ceiling)}; nothing on it may be marked ${bannerText(marking)}. ${reasons.join(' ')}`;
    return err('forbidden', message, [{ path, message }]);
  }
}

/** The history's seal and its events disagree: a change is refused rather than sealed over it. */
class HistoryMismatch extends Error {}

/** The history key is sealed and not open here: nothing can be recorded, so nothing is changed. */
class HistoryLocked extends Error {}

class RolledBack extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export function toJson(value: object | null): JsonValue {
  // Non-finite numbers (NaN metrics) become null in the history, as JSON has no NaN.
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

