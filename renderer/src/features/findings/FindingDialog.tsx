import { useEffect, useMemo, useRef, useState } from 'react';
import {
  FINDING_STATUSES,
  FINDING_TYPE_LABELS,
  RISK_LEVELS,
  SEVERITIES,
  blankFindingFields,
  cweName,
  evidenceKey,
  type AffectedProduct,
  type Evidence,
  type Finding,
  type RiskLevel,
  type Severity,
} from '../../../../shared/findings/finding.js';
import { exceedsCeiling, markingAsClaimed, markingProblems } from '../../../../shared/marking/marking.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { PlanItem } from '../../../../shared/plans/remediation-plan.js';
import type { BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { useServices, useSettings } from '../../app/services.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { Modal } from '../../ui/Modal.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { SelectField } from '../../ui/SelectField.js';
import { formatBytes } from '../../../../shared/result/file-problem.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { hashFile, type Hashing } from '../results/import/hash-file.js';
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

const LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = { 'very-low': 'Very low', low: 'Low', moderate: 'Moderate', high: 'High', 'very-high': 'Very high' };
const BLANK_PRODUCT: AffectedProduct = { vendor: '', product: '', version: '' };

/** Records a finding, or edits one: what was found, how bad, the evidence, and who may read it. */
export function FindingDialog({ packet, finding, runs, planItems, onClose, onSaved }: FindingDialogProps) {
  const { findings } = useServices();
  const { settings } = useSettings();
  const [form, setForm] = useState<FindingForm>(() => toForm(finding ?? { ...blankFindingFields(), marking: packet.marking }));
  const [problem, setProblem] = useState<string | undefined>();
  const [fieldIssues, setFieldIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [hashing, setHashing] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [runChoice, setRunChoice] = useState(runs[0]?.id ?? '');
  const [sampleChoice, setSampleChoice] = useState('');
  // A file still being hashed when the dialog closes is not worth finishing.
  const hashingRef = useRef<Hashing | undefined>(undefined);
  useEffect(() => () => hashingRef.current?.terminate(), []);
  // The marking as chosen so far, even while not valid yet (the runs and plan items offered are the panel's, shown under theirs).
  useDisplayedMarkings(useMemo(() => [markingAsClaimed(form.marking)], [form.marking]));

  const set = (patch: Partial<FindingForm>) => setForm((current) => ({ ...current, ...patch }));
  const scored = cvssOf(form);
  const isSoftware = form.type === 'software-vulnerability';
  const statusChanged = finding !== undefined && finding.status !== form.status;
  const cweText = form.cwe.trim().toUpperCase();
  const markingIssues = [...markingProblems(form.marking).map((p) => p.message), ...exceedsCeiling(form.marking, settings.systemHigh)];
  const runNames = new Map(runs.map((r) => [r.id, `${r.task} · ${r.model}`]));

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

  function addRun() {
    if (runChoice === '') return;
    const sampleId = sampleChoice.trim();
    const evidence: Evidence = { kind: 'run', runId: runChoice, sampleId: sampleId === '' ? null : sampleId };
    if (!form.evidence.some((e) => evidenceKey(e) === evidenceKey(evidence))) set({ evidence: [...form.evidence, evidence] });
    setSampleChoice('');
  }

  async function attach(file: File) {
    setHashing(`Hashing ${file.name}… 0%`);
    const hashing = hashFile(file, (fraction) => setHashing(`Hashing ${file.name}… ${Math.round(fraction * 100)}%`));
    hashingRef.current = hashing;
    const sha256 = await hashing.sha256;
    hashing.terminate();
    hashingRef.current = undefined;
    setHashing(undefined);
    if (!sha256.ok) {
      setProblem(sha256.error.message);
      return;
    }
    const evidence: Evidence = { kind: 'file', fileName: file.name, size: file.size, sha256: sha256.value };
    setForm((current) => ({ ...current, evidence: [...current.evidence.filter((e) => e.kind !== 'file' || e.sha256 !== sha256.value), evidence] }));
  }

  const setProduct = (index: number, patch: Partial<AffectedProduct>) =>
    set({ affectedProducts: form.affectedProducts.map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  return (
    <Modal
      title={finding ? `Edit finding: ${finding.title}` : `Record a finding for ${packet.developer} ${packet.modelName}`}
      onClose={onClose}
      wide
      actions={<DialogActions onCancel={onClose} actLabel={finding ? 'Save finding' : 'Record finding'} disabled={saving || hashing !== undefined} onAct={() => void save()} />}
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
          hint={scored?.ok ? `CVSS ${scored.score.version} base score ${scored.score.baseScore} (${scored.score.severity})` : 'Optional: CVSS 3.1 or 4.0, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}
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
            <fieldset className="form-grid__wide finding-products" aria-describedby={fieldIssues.has('affectedProducts') ? 'finding-products-error' : undefined}>
              <legend>Affected products</legend>
              {form.affectedProducts.map((p, index) => (
                <div key={index} className="finding-products__row">
                  <input aria-label={`Vendor of product ${index + 1}`} placeholder="Vendor" value={p.vendor} onChange={(e) => setProduct(index, { vendor: e.target.value })} />
                  <input aria-label={`Name of product ${index + 1}`} placeholder="Product" value={p.product} onChange={(e) => setProduct(index, { product: e.target.value })} />
                  <input aria-label={`Affected version of product ${index + 1}`} placeholder="Version, or a range such as < 2.4.1" value={p.version} onChange={(e) => setProduct(index, { version: e.target.value })} />
                  <LinkButton danger label={`Remove product ${index + 1}`} onClick={() => set({ affectedProducts: form.affectedProducts.filter((_, i) => i !== index) })}>
                    Remove
                  </LinkButton>
                </div>
              ))}
              <button type="button" onClick={() => set({ affectedProducts: [...form.affectedProducts, BLANK_PRODUCT] })}>
                Add product
              </button>
              {fieldIssues.has('affectedProducts') && (
                <div id="finding-products-error" className="field-error">
                  {fieldIssues.get('affectedProducts')}
                </div>
              )}
            </fieldset>
          </>
        )}
        <fieldset className="form-grid__wide finding-evidence">
          <legend>Evidence</legend>
          {form.evidence.length === 0 && <p className="muted">None yet: add the runs and samples that show it, or attach files.</p>}
          {form.evidence.map((e) => {
            const what = e.kind === 'run' ? `${runNames.get(e.runId) ?? 'a deleted run'}${e.sampleId === null ? '' : `, sample ${e.sampleId}`}` : e.fileName;
            return (
              <div key={evidenceKey(e)} className="finding-evidence__entry">
                {e.kind === 'run' ? (
                  <span>{what}</span>
                ) : (
                  <>
                    <span>{e.fileName}</span> <span className="muted">{formatBytes(e.size)}</span>{' '}
                    <span className="mono muted" title={`SHA-256 ${e.sha256}`}>
                      SHA-256 {e.sha256.slice(0, 16)}…
                    </span>
                  </>
                )}
                <LinkButton danger label={`Remove ${what} from the evidence`} onClick={() => set({ evidence: form.evidence.filter((x) => x !== e) })}>
                  Remove
                </LinkButton>
              </div>
            );
          })}
          {runs.length > 0 && (
            <div className="finding-evidence__add">
              <select aria-label="Benchmark run to add as evidence" value={runChoice} onChange={(e) => setRunChoice(e.target.value)}>
                {runs.map((run) => (
                  <option key={run.id} value={run.id}>
                    {runNames.get(run.id)} ({run.source.fileName})
                  </option>
                ))}
              </select>
              <input aria-label="Sample id (optional)" placeholder="Sample id (optional)" value={sampleChoice} onChange={(e) => setSampleChoice(e.target.value)} />
              <button type="button" onClick={addRun}>
                Add run
              </button>
            </div>
          )}
          <label className="finding-evidence__attach">
            Attach a file as evidence <span className="muted">(only its name, size and SHA-256 are kept)</span>
            <input
              type="file"
              disabled={hashing !== undefined}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void attach(file);
              }}
            />
          </label>
          {hashing && (
            <p role="status" className="muted">
              {hashing}
            </p>
          )}
        </fieldset>
        {planItems.length > 0 && (
          <fieldset className="form-grid__wide finding-plan-items">
            <legend>Answered by these items of the latest plan version</legend>
            {planItems.map((item) => (
              <label key={item.uuid} className="check check--block">
                <input
                  type="checkbox"
                  checked={form.planItemUuids.includes(item.uuid)}
                  onChange={(e) => set({ planItemUuids: e.target.checked ? [...form.planItemUuids, item.uuid] : form.planItemUuids.filter((id) => id !== item.uuid) })}
                />
                {item.title}
              </label>
            ))}
          </fieldset>
        )}
        <div className="form-grid__wide">
          <MarkingFields legend="Marking of this finding" marking={form.marking} relToText={form.relToText} problems={markingIssues} onChange={(marking, relToText) => set({ marking, relToText })} />
        </div>
        <div className="form-grid__wide">
          <FormAlert problem={problem} />
        </div>
      </form>
    </Modal>
  );
}

function LevelSelect({ ids, value, onChange }: { readonly ids: object; readonly value: RiskLevel | ''; readonly onChange: (value: RiskLevel | '') => void }) {
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
