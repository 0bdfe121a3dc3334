import type { ReviewContent } from '../../../../shared/bundle/review-content.js';
import { UNCLASSIFIED, commingle, type Marking } from '../../../../shared/marking/marking.js';
import type { PlannedRecord } from '../../data/bundle-store.js';

function own(record: unknown): Marking | undefined {
  return typeof record === 'object' && record !== null && 'marking' in record ? (record as { readonly marking: Marking }).marking : undefined;
}

/**
 * The marking a record of a bundle is shown under: the bundle's version and this workstation's,
 * whichever is higher (a conflict shows both). An original log has none of its own: it is shown
 * under the runs read from it. It is shown as the record's portion mark, so its CUI stays identifiable.
 */
export function plannedMarking(record: PlannedRecord, content: ReviewContent): Marking {
  const logRuns = record.kind === 'attachment' ? content.runs.filter((r) => r.source.sha256 === record.id).map((r) => r.marking) : [];
  return commingle([UNCLASSIFIED, ...[own(record.theirs), own(record.mine)].filter((m): m is Marking => m !== undefined), ...logRuns]);
}
