import { marking, type Marking } from '../../../shared/marking/marking.js';
import type { ActingAs, StoreContext, UnlockedKeys } from './audited-store.js';
import { ReviewDatabase } from './database.js';

/**
 * For unit tests of the data layer: a fresh database (fake-indexeddb under Node) and a context
 * whose clock and system high a test can change between steps.
 */
export interface TestWorkstation {
  readonly db: ReviewDatabase;
  readonly context: StoreContext;
  systemHigh: Marking;
  clock: Date;
  /** Who acts: the workstation user unless a test unlocks a profile or locks the workstation. */
  acting: ActingAs;
  actor: string;
  /** The keys of the unlocked profile, as the session holds them: set when a test unlocks one. */
  keys: UnlockedKeys | undefined;
  close(): Promise<void>;
}

export async function openTestWorkstation(): Promise<TestWorkstation> {
  const db = new ReviewDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
  const workstation: TestWorkstation = {
    db,
    systemHigh: marking('SECRET', { dissemination: ['NOFORN'] }),
    clock: new Date('2026-11-22T15:00:00Z'),
    acting: { kind: 'workstation-user' },
    actor: 'jdoe',
    keys: undefined,
    context: { actor: () => workstation.actor, acting: () => workstation.acting, unlockedKeys: () => workstation.keys, systemHigh: () => workstation.systemHigh, now: () => workstation.clock },
    close: async () => {
      db.close();
      await db.delete();
    },
  };
  return workstation;
}
