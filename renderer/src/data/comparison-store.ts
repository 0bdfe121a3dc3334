import { savedComparisonSchema, type SavedComparison } from '../../../shared/compare/saved-comparison.js';
import { commingle } from '../../../shared/marking/marking.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { AuditedStore, zodIssues } from './audited-store.js';

/** Comparisons of runs a reviewer saved to reopen. */
export class ComparisonStore extends AuditedStore {
  list(): Promise<SavedComparison[]> {
    return this.db.comparisons.orderBy('updatedAt').reverse().toArray();
  }

  get(id: string): Promise<SavedComparison | undefined> {
    return this.db.comparisons.get(id);
  }

  async create(input: unknown): Promise<Result<SavedComparison>> {
    const parsed = savedComparisonSchema.safeParse(input);
    if (!parsed.success) return err('invalid-input', parsed.error.issues[0]?.message ?? 'The comparison is not valid.', zodIssues(parsed.error));
    const at = this.context.now().toISOString();
    return this.transact([this.db.comparisons, this.db.benchmarkRuns], async () => {
      const runs = await this.db.benchmarkRuns.bulkGet([...parsed.data.runIds]);
      const found = runs.filter((r) => r !== undefined);
      if (found.length < runs.length) return err('not-found', 'A run picked for the comparison no longer exists; pick the runs again.');
      const saved: SavedComparison = { ...parsed.data, id: crypto.randomUUID(), marking: commingle(found.map((r) => r.marking)), createdAt: at, updatedAt: at, revision: 1 };
      await this.db.comparisons.add(saved);
      await this.audit(at, 'create', 'comparison', saved.id, null, saved);
      return ok(saved);
    });
  }

  delete(id: string): Promise<Result<void>> {
    return this.deleteRecord(this.db.comparisons, 'comparison', id, 'comparison');
  }
}
