import { scoreCvss, type CvssResult } from '../../../../shared/findings/cvss.js';
import { noCsafDetail } from '../../../../shared/findings/csaf-detail.js';
import type { FindingFields, RiskLevel, Severity } from '../../../../shared/findings/finding.js';
import { noOtherStatus } from '../../../../shared/findings/product.js';

/** A finding as its form holds it: optional texts as strings, the REL TO list as typed, and a reason. */
export interface FindingForm extends Omit<FindingFields, 'cvssVector' | 'cwe' | 'cveId' | 'likelihood' | 'impact'> {
  readonly cvssVector: string;
  readonly cwe: string;
  readonly cveId: string;
  readonly likelihood: RiskLevel | '';
  readonly impact: RiskLevel | '';
  readonly relToText: string;
  /** Why the status changed, when it did. */
  readonly reason: string;
}

export function toForm(fields: FindingFields): FindingForm {
  return {
    ...fields,
    cvssVector: fields.cvssVector ?? '',
    cwe: fields.cwe ?? '',
    cveId: fields.cveId ?? '',
    likelihood: fields.likelihood ?? '',
    impact: fields.impact ?? '',
    relToText: fields.marking.relTo.join(', '),
    reason: '',
  };
}

/** The score of the vector typed, if any: while it scores, the severity follows it. */
export function cvssOf(form: Pick<FindingForm, 'cvssVector'>): CvssResult | undefined {
  return form.cvssVector.trim() === '' ? undefined : scoreCvss(form.cvssVector);
}

/** What the data layer is asked to save; it checks everything again. */
export function toInput(form: FindingForm): unknown {
  const { relToText: _relTo, reason: _reason, ...fields } = form;
  const scored = cvssOf(form);
  const severity: Severity = scored?.ok ? (scored.score.severity.toLowerCase() as Severity) : form.severity;
  const isSoftware = form.type === 'software-vulnerability';
  return {
    ...fields,
    severity,
    likelihood: form.likelihood === '' ? null : form.likelihood,
    impact: form.impact === '' ? null : form.impact,
    // Products (under any status), a CVE and what advisories said belong to software vulnerabilities only; switching type drops them.
    cveId: isSoftware ? form.cveId : '',
    affectedProducts: isSoftware ? form.affectedProducts : [],
    productStatus: isSoftware ? form.productStatus : noOtherStatus(),
    csaf: isSoftware ? form.csaf : noCsafDetail(),
  };
}

/** Field-level problems from the data layer, keyed by the form field they belong to, and by their whole path (`authority.classifiedBy`). */
export function issuesByField(issues: readonly { readonly path: string; readonly message: string }[] | undefined): ReadonlyMap<string, string> {
  const byField = new Map<string, string>();
  for (const issue of issues ?? []) {
    for (const key of [issue.path.split('.')[0] ?? '', issue.path]) if (!byField.has(key)) byField.set(key, issue.message);
  }
  return byField;
}
