import { RISK_LEVELS, type RiskLevel } from '../../../../shared/findings/finding.js';
import type { PlanItem } from '../../../../shared/plans/remediation-plan.js';

const LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = { 'very-low': 'Very low', low: 'Low', moderate: 'Moderate', high: 'High', 'very-high': 'Very high' };

/** A likelihood or impact on NIST SP 800-30's five levels, or not assessed. */
export function LevelSelect({ ids, value, onChange }: { readonly ids: object; readonly value: RiskLevel | ''; readonly onChange: (value: RiskLevel | '') => void }) {
  return (
    <select {...ids} value={value} onChange={(e) => onChange(e.target.value as RiskLevel | '')}>
      <option value="">not assessed</option>
      {RISK_LEVELS.map((level) => (
        <option key={level} value={level}>
          {LEVEL_LABELS[level]}
        </option>
      ))}
    </select>
  );
}

/** The items of the latest plan version that answer a finding, ticked. */
export function PlanItemsFields({ items, chosen, onChange }: { readonly items: readonly PlanItem[]; readonly chosen: readonly string[]; readonly onChange: (chosen: readonly string[]) => void }) {
  if (items.length === 0) return null;
  return (
    <fieldset className="form-grid__wide finding-plan-items">
      <legend>Answered by these items of the latest plan version</legend>
      {items.map((item) => (
        <label key={item.uuid} className="check check--block">
          <input type="checkbox" checked={chosen.includes(item.uuid)} onChange={(e) => onChange(e.target.checked ? [...chosen, item.uuid] : chosen.filter((id) => id !== item.uuid))} />
          {item.title}
        </label>
      ))}
    </fieldset>
  );
}
