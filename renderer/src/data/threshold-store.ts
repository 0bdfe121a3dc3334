import { err, ok, type Result } from '../../../shared/errors/result.js';
import { thresholdFieldsSchema, type Threshold, type ThresholdFields } from '../../../shared/thresholds/threshold.js';
import { AuditedStore } from './audited-store.js';

/** Capability thresholds, defined once per workstation and applied to every packet. */
export class ThresholdStore extends AuditedStore {
  list(): Promise<Threshold[]> {
    return this.db.thresholds.orderBy('task').toArray();
  }

  check(input: unknown): Result<ThresholdFields> {
    return this.checkMarked(thresholdFieldsSchema, input, 'The threshold is not valid.');
  }

  async create(input: unknown): Promise<Result<Threshold>> {
    const fields = this.check(input);
    if (!fields.ok) return fields;
    const at = this.context.now().toISOString();
    const threshold: Threshold = { ...fields.value, id: crypto.randomUUID(), createdAt: at, updatedAt: at, revision: 1 };
    return this.transact([this.db.thresholds], async () => {
      await this.db.thresholds.add(threshold);
      await this.audit(at, 'create', 'threshold', threshold.id, null, threshold);
      return ok(threshold);
    });
  }

  async update(id: string, baseRevision: number, input: unknown, reason?: string): Promise<Result<Threshold>> {
    const fields = this.check(input);
    if (!fields.ok) return fields;
    return this.transact([this.db.thresholds], async () => {
      const current = await this.db.thresholds.get(id);
      if (!current) return err('not-found', 'This threshold no longer exists.');
      if (current.revision !== baseRevision) return err('conflict', 'This threshold was changed elsewhere after you opened it; reopen it to see the change.');
      const at = this.context.now().toISOString();
      const updated: Threshold = { ...current, ...fields.value, updatedAt: at, revision: current.revision + 1 };
      await this.db.thresholds.put(updated);
      await this.audit(at, 'update', 'threshold', id, current, updated, reason);
      return ok(updated);
    });
  }

  delete(id: string, reason?: string): Promise<Result<void>> {
    return this.deleteRecord(this.db.thresholds, 'threshold', id, 'threshold', reason);
  }
}
