import type { Finding } from '../../../../shared/findings/finding.js';
import { newPlanItem, withoutItem } from '../../../../shared/plans/plan-edit.js';
import type { PlanItem, PlanRisk } from '../../../../shared/plans/remediation-plan.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { changeItem, editClock, type PlanChange } from './plan-editing.js';
import { PlanRiskFields } from './PlanRiskFields.js';
import './plans.css';

interface PlanItemFieldsProps {
  readonly item: PlanItem;
  /** The item's place in the plan, from 1, as the fields name it. */
  readonly n: number;
  /** The risks the item answers. */
  readonly risks: readonly PlanRisk[];
  /** The packet's findings, each of which the item may answer. */
  readonly findings: readonly Finding[];
  /** Whether the finding with this id is linked to the item, as edited. */
  readonly answers: (findingId: string) => boolean;
  readonly onLinkFinding: (findingId: string, linked: boolean) => void;
  readonly onChange: (change: PlanChange) => void;
}

/** One item of the plan: title, owner, description, the risks it answers and the findings it answers. */
export function PlanItemFields({ item, n, risks, findings, answers, onLinkFinding, onChange }: PlanItemFieldsProps) {
  function addRisk() {
    const { risk } = newPlanItem(item.title, item.description, editClock());
    onChange((c) => ({ ...c, risks: [...c.risks, risk], items: c.items.map((i) => (i.uuid === item.uuid ? { ...i, relatedRisks: [...i.relatedRisks, risk.uuid] } : i)) }));
  }
  return (
    <fieldset className="plan-editor__item">
      <legend>Item {n}</legend>
      <div className="plan-editor__row">
        <label className="plan-editor__grow">
          Title <input aria-label={`Title of item ${n}`} value={item.title} onChange={(e) => onChange(changeItem(item.uuid, { title: e.target.value }))} />
        </label>
        <label>
          Owner <input aria-label={`Owner of item ${n}`} value={item.owner ?? ''} onChange={(e) => onChange(changeItem(item.uuid, { owner: e.target.value }))} />
        </label>
        <LinkButton danger label={`Remove item ${n}`} onClick={() => onChange((c) => withoutItem(c, item.uuid))}>
          Remove item
        </LinkButton>
      </div>
      <label className="plan-editor__block">
        Description <textarea aria-label={`Description of item ${n}`} rows={2} value={item.description} onChange={(e) => onChange(changeItem(item.uuid, { description: e.target.value }))} />
      </label>
      {risks.length === 0 ? (
        <p className="muted">
          This item answers no risk.{' '}
          <button type="button" onClick={addRisk}>
            Add a risk with a planned remediation
          </button>
        </p>
      ) : (
        risks.map((risk, ri) => <PlanRiskFields key={risk.uuid} risk={risk} riskName={`risk ${ri + 1} of item ${n}`} onChange={onChange} />)
      )}
      {findings.length > 0 && (
        <div className="plan-editor__findings" role="group" aria-label={`Findings item ${n} answers`}>
          <span className="muted">Answers findings:</span>
          {findings.map((f) => (
            <label key={f.id} className="check">
              <input type="checkbox" checked={answers(f.id)} onChange={(e) => onLinkFinding(f.id, e.target.checked)} />
              {f.title}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
