import { useMemo, useState } from 'react';
import { FINDING_STATUSES, FINDING_TYPE_LABELS, SEVERITIES, blankFindingFields, cweName, type Finding, type Severity } from '../../../../shared/findings/finding.js';
import { exceedsCeiling, isClassified, markingAsClaimed, markingProblems } from '../../../../shared/marking/marking.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { PlanItem } from '../../../../shared/plans/remediation-plan.js';
import type { BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { useServices, useSettings } from '../../app/services.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { SelectField } from '../../ui/SelectField.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { AuthorityOverride } from '../marking/AuthorityOverride.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { AdvisoryDetail } from './AdvisoryDetail.js';
import { AffectedProductsFields } from './AffectedProductsFields.js';
import { EvidenceFields } from './EvidenceFields.js';
import { LevelSelect, PlanItemsFields } from './FindingFormParts.js';
import { cvssOf, issuesByField, toForm, toInput, type FindingForm } from './finding-form.js';

interface FindingDialogProps {
  readonly packet: Packet;
  /** The finding to edit; none to record a new one. */
  readonly finding: Finding | undefined;
  readonly runs: readonly BenchmarkRun[];
  /** Items of the packet's latest plan version, which a finding can be linked to. */
  readonly planItems: readonly PlanItem[];
  readonly onClose: () => void;
  readonly onSaved: (message: string) => void;
}


/** Records a finding, or edits one: what was found, how bad, the evidence, and who may read it. */
export function FindingDialog({ packet, finding, runs, planItems, onClose, onSaved }: FindingDialogProps) {
  const { findings } = useServices();
  const { settings } = useSettings();
  const [form, setForm] = useState<FindingForm>(() => toForm(finding ?? { ...blankFindingFields(), marking: packet.marking }));
  const [problem, setProblem] = useState<string | undefined>();
  const [fieldIssues, setFieldIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [hashing, setHashing] = useState(false);
  const [saving, setSaving] = useState(false);
  // The marking as chosen so far, even while not valid yet (the runs and plan items offered are the panel's, shown under theirs).
  useDisplayedMarkings(useMemo(() => [markingAsClaimed(form.marking)], [form.marking]));

  const set = (patch: Partial<FindingForm>) => setForm((current) => ({ ...current, ...patch }));
  const scored = cvssOf(form);
  const isSoftware = form.type === 'software-vulnerability';
  const statusChanged = finding !== undefined && finding.status !== form.status;
  const cweText = form.cwe.trim().toUpperCase();
  const markingIssues = [...markingProblems(form.marking).map((p) => p.message), ...exceedsCeiling(form.marking, settings.systemHigh)];

  async function save() {
    setSaving(true);
    // A reason typed for a status change that was then undone is not saved.
    const reason = statusChanged ? form.reason : undefined;
    const result = finding ? await findings.update(finding.id, finding.revision, toInput(form), reason) : await findings.create(packet.id, toInput(form));
    setSaving(false);
    if (!result.ok) {
      setProblem(result.error.message);
      setFieldIssues(issuesByField(result.error.issues));
      return;
    }
    if ('merged' in result.value) {
      const saved = result.value.finding;
      onSaved(result.value.merged ? `"${form.title.trim()}" is the same issue as "${saved.title}"; the reports were merged (${saved.reports} reports).` : `Recorded "${saved.title}".`);
    } else onSaved(`Saved "${result.value.title}".`);
  }

  return (
    <Modal
      title={finding ? `Edit finding: ${finding.title}` : `Record a finding for ${packet.developer} ${packet.modelName}`}
      onClose={onClose}
      wide
      actions={<DialogActions onCancel={onClose} actLabel={finding ? 'Save finding' : 'Record finding'} disabled={saving || hashing} onAct={() => void save()} />}
    >
      <form className="form-grid form-grid--three finding-form" onSubmit={(e) => (e.preventDefault(), void save())}>
        <Field label="Title" className="form-grid__wide" error={fieldIssues.get('title')}>
          {(ids) => <input {...ids} value={form.title} onChange={(e) => set({ title: e.target.value })} />}
        </Field>
        <SelectField label="Kind" value={form.type} options={FINDING_TYPE_LABELS} error={fieldIssues.get('type')} onChange={(type) => set({ type })} />
        <SelectField label="Status" value={form.status} options={FINDING_STATUSES} error={fieldIssues.get('status')} onChange={(status) => set({ status })} />
        <SelectField
          label="Severity"
          value={scored?.ok ? (scored.score.severity.toLowerCase() as Severity) : form.severity}
          options={SEVERITIES}
          disabled={scored?.ok === true}
          error={fieldIssues.get('severity')}
          hint={scored?.ok ? `From the CVSS ${scored.score.version} score ${scored.score.baseScore}` : undefined}
          onChange={(severity) => set({ severity })}
        />
        {statusChanged && (
          <Field label={`Reason for moving from "${finding.status}" to "${form.status}"`} className="form-grid__wide" error={fieldIssues.get('reason')}>
            {(ids) => <input {...ids} value={form.reason} onChange={(e) => set({ reason: e.target.value })} />}
          </Field>
        )}
        <Field label="Description" className="form-grid__wide" error={fieldIssues.get('description')}>
          {(ids) => <textarea {...ids} rows={4} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
        <Field
          label="CVSS vector"
          className="form-grid__wide"
          error={fieldIssues.get('cvssVector') ?? (scored && !scored.ok ? scored.message : undefined)}
          hint={scored?.ok ? `CVSS ${scored.score.version} base score ${scored.score.baseScore} (${scored.score.severity})` : 'Optional: CVSS 3.0, 3.1 or 4.0, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}
        >
          {(ids) => <input {...ids} className="mono" spellCheck={false} value={form.cvssVector} onChange={(e) => set({ cvssVector: e.target.value })} />}
        </Field>
        <Field label="CWE" error={fieldIssues.get('cwe')} hint={cweText === '' ? 'Optional, e.g. CWE-1427' : (cweName(cweText) ?? 'Not in the CWE catalogue')}>
          {(ids) => <input {...ids} value={form.cwe} onChange={(e) => set({ cwe: e.target.value })} />}
        </Field>
        <Field label="Likelihood" error={fieldIssues.get('likelihood')}>
          {(ids) => <LevelSelect ids={ids} value={form.likelihood} onChange={(likelihood) => set({ likelihood })} />}
        </Field>
        <Field label="Impact" error={fieldIssues.get('impact')}>
          {(ids) => <LevelSelect ids={ids} value={form.impact} onChange={(impact) => set({ impact })} />}
        </Field>
        {isSoftware && (
          <>
            <Field label="CVE" error={fieldIssues.get('cveId')} hint="Only an existing CVE record; none is assigned here">
              {(ids) => <input {...ids} value={form.cveId} onChange={(e) => set({ cveId: e.target.value })} />}
            </Field>
            <AffectedProductsFields
              products={form.affectedProducts}
              productStatus={form.productStatus}
              title={form.title}
              error={fieldIssues.get('affectedProducts')}
              onChange={(affectedProducts) => set({ affectedProducts })}
            />
            <AdvisoryDetail detail={form.csaf} />
          </>
        )}
        <EvidenceFields evidence={form.evidence} runs={runs} onChange={(update) => setForm((current) => ({ ...current, evidence: update(current.evidence) }))} onHashing={setHashing} onProblem={setProblem} />
        <PlanItemsFields items={planItems} chosen={form.planItemUuids} onChange={(planItemUuids) => set({ planItemUuids })} />
        <div className="form-grid__wide">
          <MarkingFields legend="Marking of this finding" marking={form.marking} relToText={form.relToText} problems={markingIssues} onChange={(marking, relToText) => set({ marking, relToText })} />
          <AuthorityOverride authority={form.authority} classified={isClassified(form.marking.level)} onChange={(authority) => set({ authority })} error={(field) => fieldIssues.get(`authority.${field}`)} />
        </div>
        <div className="form-grid__wide">
          <FormAlert problem={problem} />
        </div>
      </form>
    </Modal>
  );
}
