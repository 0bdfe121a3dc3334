import { marking, type Marking } from '../../../shared/marking/marking.js';
import type { StoreContext } from './audited-store.js';
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
  close(): Promise<void>;
}

export async function openTestWorkstation(): Promise<TestWorkstation> {
  const db = new ReviewDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
  const workstation: TestWorkstation = {
    db,
    systemHigh: marking('SECRET', { dissemination: ['NOFORN'] }),
    clock: new Date('2026-11-22T15:00:00Z'),
    context: { actor: () => 'jdoe', systemHigh: () => workstation.systemHigh, now: () => workstation.clock },
    close: async () => {
      db.close();
      await db.delete();
    },
  };
  return workstation;
}
