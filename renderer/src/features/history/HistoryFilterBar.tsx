import { AUDIT_ACTIONS, AUDITED_ENTITIES } from '../../../../shared/audit/audit-event.js';
import { NO_HISTORY_FILTERS, type HistoryFilters } from '../../../../shared/audit/history-view.js';
import { PROFILE_ROLES, ROLE_LABELS } from '../../../../shared/identity/profile.js';
import { FilterSelect } from '../../ui/FilterSelect.js';
import { ACTION_LABELS, ENTITY_LABELS } from './history-labels.js';
import './history.css';

const ENTITY_OPTIONS = Object.fromEntries(AUDITED_ENTITIES.map((e) => [e, ENTITY_LABELS[e]]));
const ACTION_OPTIONS = Object.fromEntries(AUDIT_ACTIONS.map((a) => [a, ACTION_LABELS[a]]));
const ROLE_OPTIONS = { ...Object.fromEntries(PROFILE_ROLES.map((r) => [r, ROLE_LABELS[r]])), none: 'No profile' };

interface HistoryFilterBarProps {
  readonly filters: HistoryFilters;
  readonly onChange: (patch: Partial<HistoryFilters>) => void;
  readonly onClear: () => void;
  /** Every packet in the history by id, with its name. */
  readonly packets: ReadonlyMap<string, string>;
  /** Every actor in the history, as filter options. */
  readonly actors: Readonly<Record<string, string>>;
  /** "n of m events", or that the history is still loading. */
  readonly count: string;
  /** No event passes the filters: there is nothing to export. */
  readonly nothingShown: boolean;
  readonly onExport: (format: 'jsonl' | 'csv') => void;
}

/** The history's filters, how many events pass them, and the exports of those that do. */
export function HistoryFilterBar({ filters, onChange, onClear, packets, actors, count, nothingShown, onExport }: HistoryFilterBarProps) {
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_HISTORY_FILTERS);
  return (
    <div className="history-page__filters" role="search" aria-label="Filter the history">
      <label>
        Packet{' '}
        <select value={filters.packetId} onChange={(e) => onChange({ packetId: e.target.value })}>
          <option value="">all</option>
          {[...packets].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <FilterSelect label="Entity" value={filters.entityType} options={ENTITY_OPTIONS} onChange={(entityType) => onChange({ entityType })} />
      <FilterSelect label="Actor" value={filters.actor} options={actors} onChange={(actor) => onChange({ actor })} />
      <FilterSelect label="Role" value={filters.role} options={ROLE_OPTIONS} onChange={(role) => onChange({ role })} />
      <FilterSelect label="Action" value={filters.action} options={ACTION_OPTIONS} onChange={(action) => onChange({ action })} />
      <label>
        From <input type="date" value={filters.from} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={filters.to} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
      <input type="search" placeholder="Search the history" aria-label="Search the history" value={filters.text} onChange={(e) => onChange({ text: e.target.value })} data-shortcut-search />
      {filters.record && (
        <span className="badge">
          {ENTITY_LABELS[filters.record.entityType]} {filters.record.entityId}
        </span>
      )}
      <button type="button" onClick={onClear} disabled={!filtered}>
        Clear filters
      </button>
      <span className="muted" role="status">
        {count}
      </span>
      <span className="history-page__exports">
        <button type="button" onClick={() => onExport('jsonl')} disabled={nothingShown} title="JSON lines with the signed checkpoint and an inclusion proof for each event">
          Export with proofs…
        </button>
        <button type="button" onClick={() => onExport('csv')} disabled={nothingShown}>
          Export CSV…
        </button>
      </span>
    </div>
  );
}
