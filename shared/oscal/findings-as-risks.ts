import { cweName, type Evidence, type Finding } from '../findings/finding.js';
import type { PlanRisk, RemediationPlanContent } from '../plans/remediation-plan.js';
import { nameBasedUuid } from './name-based-uuid.js';

/**
 * Model weaknesses that fit no CVE (capabilities of concern, safeguard gaps) leave as OSCAL risks:
 * a plan of action and milestones with one risk, observation and item per finding, for the
 * developer to answer with remediations. Each risk keeps the finding's id as its UUID, so the
 * developer's plan that answers it links back to the finding by itself.
 */

/** NIST SP 800-30 Rev. 1, whose five-level scale the likelihood and impact use. */
export const SP_800_30_SCALE = 'https://csrc.nist.gov/pubs/sp/800/30/r1/final';

export interface FindingsAsRisksRequest {
  readonly title: string;
  readonly packetId: string;
  readonly findings: readonly Finding[];
  readonly now: Date;
  /** Words for a piece of evidence, e.g. the run's task and model for a run id. */
  readonly describeEvidence: (evidence: Evidence) => string;
}

/** The findings that go out as OSCAL risks rather than in a CSAF advisory. */
export function isModelWeakness(finding: Finding): boolean {
  return finding.type !== 'software-vulnerability';
}

export async function findingsAsRisks(request: FindingsAsRisksRequest): Promise<RemediationPlanContent> {
  const findings = request.findings.filter(isModelWeakness);
  if (findings.length === 0) throw new Error('There are no model capability or safeguard gap findings to export as OSCAL risks.');
  const at = request.now.toISOString();
  const entries = await Promise.all(
    findings.map(async (f) => {
      const observationUuid = await nameBasedUuid(`frontier-review/finding/${f.id}/observation`);
      const itemUuid = await nameBasedUuid(`frontier-review/finding/${f.id}/item`);
      const evidence = f.evidence.map(request.describeEvidence);
      const risk: PlanRisk = {
        uuid: f.id,
        title: f.title,
        description: f.description,
        statement: statementOf(f),
        status: f.status,
        likelihood: f.likelihood,
        impact: f.impact,
        facetSystem: f.likelihood === null && f.impact === null ? null : SP_800_30_SCALE,
        judgedBy: [],
        deadline: null,
        mitigatingFactors: [],
        remediations: [],
        riskLog: [],
        relatedObservations: [observationUuid],
      };
      return {
        risk,
        observation: {
          uuid: observationUuid,
          title: `Evidence for: ${f.title}`,
          description: evidence.length === 0 ? 'Observed by the reviewers; no evidence is attached.' : `Evidence: ${evidence.join('; ')}.`,
          methods: ['TEST'],
          collected: f.createdAt,
        },
        item: { uuid: itemUuid, title: f.title, description: f.description, relatedObservations: [observationUuid], relatedRisks: [f.id], owner: null },
      };
    }),
  );
  return {
    documentUuid: await nameBasedUuid(`frontier-review/findings/${request.packetId}/${at}`),
    title: request.title,
    version: at.slice(0, 10),
    lastModified: at,
    oscalVersion: '1.1.2',
    systemId: null,
    systemIdType: null,
    observations: entries.map((e) => e.observation),
    risks: entries.map((e) => e.risk),
    items: entries.map((e) => e.item),
  };
}

function statementOf(f: Finding): string {
  const weakness = f.cwe === null ? '' : ` Weakness: ${f.cwe} (${cweName(f.cwe) ?? 'not in the catalogue'}).`;
  const kind = f.type === 'model-capability' ? 'Model capability of concern' : 'Safeguard gap';
  return `${kind}, severity ${f.severity}.${weakness} ${f.description}`;
}
