import { localIsoDate } from '../../../../shared/calendar/iso-date.js';
import { newMilestone } from '../../../../shared/plans/plan-edit.js';
import { REMEDIATION_LIFECYCLES, RISK_STATUSES, type PlanRemediation, type PlanRisk } from '../../../../shared/plans/remediation-plan.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { changeMilestone, changeRemediation, changeRisk, editClock, localOffset, typedDate, type PlanChange } from './plan-editing.js';
import './plans.css';

interface PlanRiskFieldsProps {
  readonly risk: PlanRisk;
  /** How the fields name the risk to assistive technology: "risk 1 of item 2". */
  readonly riskName: string;
  readonly onChange: (change: PlanChange) => void;
}

/** One risk an item answers: its status and deadline, and its remediations. */
export function PlanRiskFields({ risk, riskName, onChange }: PlanRiskFieldsProps) {
  return (
    <div className="plan-editor__risk">
      <div className="plan-editor__row">
        <span className="plan-editor__grow plan-editor__risk-title">{risk.title}</span>
        <label>
          Status{' '}
          <select aria-label={`Status of ${riskName}`} value={risk.status} onChange={(e) => onChange(changeRisk(risk.uuid, (r) => ({ ...r, status: e.target.value })))}>
            {[...new Set([...RISK_STATUSES, risk.status])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Deadline{' '}
          <input
            type="date"
            aria-label={`Deadline of ${riskName}`}
            value={risk.deadline?.slice(0, 10) ?? ''}
            onChange={(e) => onChange(changeRisk(risk.uuid, (r) => ({ ...r, deadline: typedDate(r.deadline, e.target.value) })))}
          />
        </label>
      </div>
      {risk.remediations.map((remediation, j) => (
        <RemediationFields key={remediation.uuid} riskUuid={risk.uuid} remediation={remediation} remediationName={`remediation ${j + 1} of ${riskName}`} onChange={onChange} />
      ))}
    </div>
  );
}

interface RemediationFieldsProps {
  readonly riskUuid: string;
  readonly remediation: PlanRemediation;
  readonly remediationName: string;
  readonly onChange: (change: PlanChange) => void;
}

/** One planned remediation: its title, lifecycle and milestones. */
function RemediationFields({ riskUuid, remediation, remediationName, onChange }: RemediationFieldsProps) {
  const change = (update: (m: PlanRemediation) => PlanRemediation) => onChange(changeRemediation(riskUuid, remediation.uuid, update));
  return (
    <div className="plan-editor__remediation">
      <div className="plan-editor__row">
        <label className="plan-editor__grow">
          Remediation{' '}
          <input aria-label={`Title of ${remediationName}`} value={remediation.title} onChange={(e) => change((m) => ({ ...m, title: e.target.value }))} />
        </label>
        <label>
          Lifecycle{' '}
          <select aria-label={`Lifecycle of ${remediationName}`} value={remediation.lifecycle} onChange={(e) => change((m) => ({ ...m, lifecycle: e.target.value }))}>
            {[...new Set([...REMEDIATION_LIFECYCLES, remediation.lifecycle])].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      {remediation.milestones.map((m, k) => (
        <div key={m.uuid} className="plan-editor__row plan-editor__milestone">
          <input aria-label={`Title of milestone ${k + 1} of ${remediationName}`} className="plan-editor__grow" value={m.title} onChange={(e) => onChange(changeMilestone(riskUuid, remediation.uuid, m.uuid, { title: e.target.value }))} />
          <input
            type="date"
            aria-label={`Date of milestone ${k + 1} of ${remediationName}`}
            value={m.end?.slice(0, 10) ?? ''}
            onChange={(e) => onChange(changeMilestone(riskUuid, remediation.uuid, m.uuid, { end: typedDate(m.end, e.target.value) }))}
          />
          <input
            aria-label={`Owner of milestone ${k + 1} of ${remediationName}`}
            placeholder="Owner"
            value={m.owner ?? ''}
            onChange={(e) => onChange(changeMilestone(riskUuid, remediation.uuid, m.uuid, { owner: e.target.value }))}
          />
          <LinkButton danger label={`Remove milestone ${k + 1} of ${remediationName}`} onClick={() => change((r) => ({ ...r, milestones: r.milestones.filter((x) => x.uuid !== m.uuid) }))}>
            Remove
          </LinkButton>
        </div>
      ))}
      <button
        type="button"
        aria-label={`Add a milestone to ${remediationName}`}
        onClick={() => {
          const today = localIsoDate(new Date());
          change((r) => ({ ...r, milestones: [...r.milestones, newMilestone('New milestone', today, null, localOffset(today), editClock())] }));
        }}
      >
        Add milestone
      </button>
    </div>
  );
}
