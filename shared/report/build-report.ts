import { daysBetween } from '../calendar/iso-date.js';
import { SETTLED_STATUSES, SEVERITIES, FINDING_STATUSES, type Finding } from '../findings/finding.js';
import { ROLE_LABELS, type ProfileRole } from '../identity/profile.js';
import { bannerText, commingle, portionMark, type Marking } from '../marking/marking.js';
import { PACKET_STATUS_LABELS } from '../packet/packet-status.js';
import type { Packet } from '../packet/packet.js';
import { compareFindingsWithPlan } from '../plans/findings-vs-plan.js';
import { comparePlans } from '../plans/plan-diff.js';
import type { PlanVersion } from '../plans/remediation-plan.js';
import { determine, OUTCOME_LABELS } from '../thresholds/determination.js';
import type { Threshold } from '../thresholds/threshold.js';
import type { ComparedRun } from '../compare/comparison.js';
import { reproductionRows } from './reproduction.js';
import { REPORT_KIND, type ReportFindings, type ReportProvenance, type ReportRemediation, type ReportSource, type ReviewReport } from './review-report.js';

/** A person as the report names them. */
export interface ReportPerson {
  readonly name: string;
  readonly principal: string;
  readonly role: string;
}

/** A change to the packet or its records, as the history recorded who made it. */
export interface PacketChange {
  readonly actor: string;
  readonly role: ProfileRole | undefined;
  readonly at: string;
  readonly marking: Marking;
}

/** Everything a report is drawn from, read by the data layer in one transaction. */
export interface ReportInputs {
  readonly reportId: string;
  readonly version: number;
  readonly now: Date;
  /** The workstation's calendar day, for the access window and overdue dates. */
  readonly today: string;
  readonly createdBy: ReportPerson;
  readonly reviewers: readonly ReportPerson[];
  readonly packet: Packet;
  /** The packet's runs with their score columns (null for a results table). */
  readonly runs: readonly ComparedRun[];
  readonly thresholds: readonly Threshold[];
  readonly findings: readonly Finding[];
  /** The packet's plan versions, oldest first. */
  readonly plans: readonly PlanVersion[];
  readonly changes: readonly PacketChange[];
  readonly checkpoint: ReportProvenance['checkpoint'];
  /** The authority block and CUI designation indicator of the report's sources, a line each. */
  readonly markingBlocks: readonly string[];
}

const part = (markings: readonly Marking[]) => {
  const marking = commingle(markings);
  return { marking, portion: portionMark(marking) };
};

/**
 * The report's content, pure: every part marked with the commingled marking of what it draws on
 * (never lower than the packet it is about), and the report's marking the commingling of its parts.
 */
export function buildReport(inputs: ReportInputs): ReviewReport {
  const { packet } = inputs;
  const floor = packet.marking;
  const subject = inputs.runs.filter((r) => r.run.role === 'subject');
  const runMarking = new Map(inputs.runs.map((r) => [r.run.id, r.run.marking]));

  const determination = determine(inputs.thresholds, subject.map((r) => r.run));
  // A row names its evidence and, when none is usable, the runs it could not use: their markings count.
  const thresholdRows = determination.assessments.map((a) => ({
    ...part([floor, a.threshold.marking, ...(a.best ? [runMarking.get(a.best.runId) ?? floor] : []), ...a.unusable.map((u) => runMarking.get(u.runId) ?? floor)]),
    task: a.threshold.task,
    scorer: a.threshold.scorer,
    metric: a.threshold.metric,
    direction: a.threshold.direction,
    value: a.threshold.value,
    state: a.state,
    crossed: a.state === 'crossed',
    close: a.close,
    evidence: a.best && { runId: a.best.runId, fileName: a.best.fileName, provenance: a.best.provenance, model: a.best.model, scorer: a.best.scorer, metric: a.best.metric, value: a.best.value, stderr: a.best.stderr, interval: a.best.interval && ([a.best.interval[0], a.best.interval[1]] as [number, number]), n: a.best.n },
    reason: a.reason,
  }));
  const { rows: reproduced, unpaired } = reproductionRows(subject, inputs.thresholds);
  // A row's figure draws the thresholds set on its task and metric: their markings count with its runs'.
  const drawnThresholds = (r: (typeof reproduced)[number]) => inputs.thresholds.filter((t) => t.task === r.task && t.metric === r.metric && (t.scorer === '' || t.scorer === r.scorer)).map((t) => t.marking);
  const reproductionRowsMarked = reproduced.map((r) => ({ ...part([floor, runMarking.get(r.developer.runId) ?? floor, runMarking.get(r.government.runId) ?? floor, ...drawnThresholds(r)]), ...r }));

  const findings = findingsPart(inputs.findings, floor);
  const remediation = remediationPart(inputs, floor);
  const provenance = provenancePart(inputs, floor);
  const cover = {
    ...part([floor]),
    title: `Review report: ${packet.developer} ${packet.modelName} ${packet.modelVersion}`,
    reportDate: inputs.today,
    packet: {
      id: packet.id,
      developer: packet.developer,
      modelName: packet.modelName,
      modelVersion: packet.modelVersion,
      accessGrantedDate: packet.accessGrantedDate,
      plannedReleaseDate: packet.plannedReleaseDate,
      windowDays: daysBetween(packet.accessGrantedDate, packet.plannedReleaseDate),
      daysUsed: Math.max(0, Math.min(daysBetween(packet.accessGrantedDate, inputs.today), daysBetween(packet.accessGrantedDate, packet.plannedReleaseDate))),
      agencies: packet.agencies.map((a) => (a === 'Other' && packet.otherAgencies !== '' ? packet.otherAgencies : a)),
      status: PACKET_STATUS_LABELS[packet.status],
    },
    reviewers: [...inputs.reviewers],
    teamLead: inputs.createdBy,
    markingBlocks: [...inputs.markingBlocks],
  };
  const determinationPart = {
    ...part([floor, ...thresholdRows.map((t) => t.marking)]),
    outcome: determination.outcome,
    outcomeLabel: OUTCOME_LABELS[determination.outcome],
    // Each threshold in words after the verdict, unless the verdict already is the one threshold's words.
    reasoning: [determination.reason, ...(determination.assessments.length > 1 ? determination.assessments.map((a) => `${a.threshold.task}: ${a.reason}`) : [])],
    thresholds: thresholdRows,
  };
  const reproduction = { ...part([floor, ...reproductionRowsMarked.map((r) => r.marking)]), rows: reproductionRowsMarked, unpaired };
  const marking = commingle([cover.marking, determinationPart.marking, reproduction.marking, findings.marking, remediation.marking, provenance.marking]);
  return {
    kind: REPORT_KIND,
    reportId: inputs.reportId,
    version: inputs.version,
    createdAt: inputs.now.toISOString(),
    createdBy: inputs.createdBy,
    marking,
    banner: bannerText(marking),
    cover,
    determination: determinationPart,
    reproduction,
    findings,
    remediation,
    provenance,
  };
}

function findingsPart(all: readonly Finding[], floor: Marking): ReportFindings {
  const count = <K extends string>(keys: readonly K[], of: (f: Finding) => string) => keys.map((key) => ({ key, count: all.filter((f) => of(f) === key).length })).filter((c) => c.count > 0);
  const rows = all.map((f) => ({
    ...part([floor, f.marking]),
    id: f.id,
    title: f.title,
    severity: f.severity,
    cvss: f.cvss && f.cvssVector ? { version: f.cvss.version, vector: f.cvssVector, score: f.cvss.baseScore } : null,
    cwe: f.cwe,
    status: f.status,
    affectedProducts: f.affectedProducts.map((p) => [p.vendor, p.product, p.version].filter((s) => s !== '').join(' ')),
    evidence: f.evidence.map((e) =>
      e.kind === 'run'
        ? { kind: 'run' as const, label: e.sampleId === null ? `run ${e.runId}` : `run ${e.runId}, sample ${e.sampleId}`, runId: e.runId, sampleId: e.sampleId, sha256: null }
        : { kind: 'file' as const, label: e.fileName, runId: null, sampleId: null, sha256: e.sha256 },
    ),
  }));
  return { ...part([floor, ...rows.map((r) => r.marking)]), bySeverity: count(SEVERITIES, (f) => f.severity), byStatus: count(FINDING_STATUSES, (f) => f.status), rows };
}

function remediationPart(inputs: ReportInputs, floor: Marking): ReportRemediation {
  const first = inputs.plans[0];
  const latest = inputs.plans.at(-1);
  if (!first || !latest) return { ...part([floor]), plan: null, unanswered: [], slipped: [], statusMoves: [], openDeviations: [] };
  const open = inputs.findings.filter((f) => !SETTLED_STATUSES.has(f.status));
  const against = compareFindingsWithPlan(open, latest.content, inputs.packet.plannedReleaseDate, inputs.today);
  const changes = comparePlans(first.content, latest.content);
  const unanswered = against.findingsWithoutRemediation.map(({ finding, reason }) => ({ findingId: finding.id, title: finding.title, reason }));
  const unansweredMarkings = against.findingsWithoutRemediation.map(({ finding }) => finding.marking);
  return {
    // Slips and status moves are read from the first version against the latest: both count.
    ...part([floor, first.marking, latest.marking, ...unansweredMarkings]),
    plan: { id: latest.id, title: latest.content.title, version: latest.version, versionLabel: latest.content.version, firstVersion: first.version, fileName: latest.source.fileName },
    unanswered,
    slipped: changes.filter((c) => c.slippedDays !== null && c.slippedDays > 0).map((c) => ({ title: c.title, entity: c.entity, days: c.slippedDays ?? 0 })),
    statusMoves: changes.flatMap((c) => (c.statusChange ? [{ title: c.title, before: c.statusChange.before, after: c.statusChange.after }] : [])),
    openDeviations: latest.content.risks.filter((r) => r.status === 'deviation-requested').map((r) => ({ title: r.title, status: r.status })),
  };
}

function provenancePart(inputs: ReportInputs, floor: Marking): ReportProvenance {
  const sources = new Map<string, ReportSource>();
  const add = (s: ReportSource) => sources.set(`${s.sha256}:${s.fileName}`, s);
  for (const { run } of inputs.runs) add({ kind: run.source.kind === 'results-table' ? 'results-table' : 'benchmark-log', fileName: run.source.fileName, sha256: run.source.sha256, size: run.source.size });
  for (const plan of inputs.plans) add({ kind: 'remediation-plan', fileName: plan.source.fileName, sha256: plan.source.sha256, size: plan.source.size });
  // A finding imported from a CSAF advisory keeps the advisory file as its evidence.
  for (const f of inputs.findings) for (const e of f.evidence) if (e.kind === 'file') add({ kind: f.csaf.sources.length > 0 ? 'advisory' : 'evidence-file', fileName: e.fileName, sha256: e.sha256, size: e.size });
  const people = new Map<string, { name: string; role: string; changes: number; first: string; last: string }>();
  for (const c of inputs.changes) {
    const role = c.role ? ROLE_LABELS[c.role] : 'Workstation user';
    const key = `${c.actor}\n${role}`;
    const known = people.get(key);
    people.set(key, known ? { ...known, changes: known.changes + 1, first: c.at < known.first ? c.at : known.first, last: c.at > known.last ? c.at : known.last } : { name: c.actor, role, changes: 1, first: c.at, last: c.at });
  }
  const markings = [floor, ...inputs.runs.map((r) => r.run.marking), ...inputs.plans.map((p) => p.marking), ...inputs.findings.filter((f) => f.evidence.some((e) => e.kind === 'file')).map((f) => f.marking), ...inputs.changes.map((c) => c.marking)];
  return { ...part(markings), sources: [...sources.values()], checkpoint: inputs.checkpoint, people: [...people.values()].sort((a, b) => a.first.localeCompare(b.first)) };
}

