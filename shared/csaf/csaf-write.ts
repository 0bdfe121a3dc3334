import canonicalize from 'canonicalize';
import type { CsafNote, CsafPublisher, CsafReference, CsafSource } from '../findings/csaf-detail.js';
import type { Finding } from '../findings/finding.js';
import { unionJson } from '../findings/join-reports.js';
import { bannerText, type Marking } from '../marking/marking.js';
import { writeProductTree } from './csaf-tree-write.js';
import { writeVulnerability } from './csaf-vulnerability-write.js';

export { isVersionRange } from './csaf-tree-write.js';

/**
 * Third-party software vulnerabilities as a CSAF 2.0 security advisory, the format the AI
 * cybersecurity clearinghouse and vendors' PSIRTs read. What a finding records goes in, and what
 * the advisories it came from said goes back out: products where the advisory had them, every
 * product status, every score, notes, references, acknowledgments, remediations, threats and flags,
 * the advisories' own notes, references and acknowledgments, their language where they agree on
 * one, and a note naming each (its publisher, category and tracking: the export's own is new). The
 * output passes CSAF 2.0's strict schema and mandatory tests (checked in this folder's tests with
 * the BSI's validator).
 */

/** TLP 1.0 labels, the ones CSAF 2.0 allows. */
export const CSAF_TLP_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export type CsafTlpLabel = (typeof CSAF_TLP_LABELS)[number];

/** The roles a reviewer's agency publishes in; an advisory read keeps its publisher's own. */
export const CSAF_PUBLISHER_CATEGORIES = ['discoverer', 'coordinator', 'other'] as const;
export type CsafPublisherCategory = (typeof CSAF_PUBLISHER_CATEGORIES)[number];

export interface CsafExportRequest {
  readonly title: string;
  /** Unique per publisher; see `csafTrackingId`. */
  readonly trackingId: string;
  readonly publisher: { readonly name: string; readonly namespace: string; readonly category: CsafPublisher['category']; readonly contactDetails?: string; readonly issuingAuthority?: string };
  readonly tlp: CsafTlpLabel;
  /** The marking of what the document holds; its banner is the distribution statement. */
  readonly marking: Marking;
  readonly summary: string;
  readonly findings: readonly Finding[];
  readonly now: Date;
  readonly generator: { readonly name: string; readonly version: string };
}

/** The CSAF 2.0 document, as plain JSON-ready data. */
export type CsafDocument = Readonly<Record<string, unknown>>;

/** A tracking id no other export from this workstation shares: prefix, packet and second. */
export function csafTrackingId(packetId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `FR-${packetId.slice(0, 8).toUpperCase()}-${stamp}`;
}

/** What makes a request unfit to export, in words; undefined when it is fit. */
export function csafRequestProblem(request: CsafExportRequest): string | undefined {
  if (!request.findings.some((f) => f.type === 'software-vulnerability')) return 'A CSAF advisory needs at least one third-party software vulnerability.';
  if ([request.title, request.summary, request.publisher.name].some((text) => text.trim() === '')) return 'Give the publisher, a title and a summary.';
  if (!isWebAddress(request.publisher.namespace)) return 'The publisher namespace is the publisher’s web address, e.g. https://www.cisa.gov.';
  const controlled = request.marking.level !== 'UNCLASSIFIED' || request.marking.dissemination.length > 0;
  if (request.tlp === 'WHITE' && controlled) return `TLP:WHITE puts no limit on disclosure, but the advisory holds ${bannerText(request.marking)} information; choose GREEN, AMBER or RED.`;
  return undefined;
}

/** An http(s) address with a host name, and nothing a URI may not hold (spaces, quotes, brackets). */
function isWebAddress(text: string): boolean {
  return /^https?:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][\x21\x23-\x3b\x3d\x3f-\x5a\x5f\x61-\x7a\x7e]*)?$/.test(text);
}

export function writeCsaf(request: CsafExportRequest): CsafDocument {
  const problem = csafRequestProblem(request);
  if (problem !== undefined) throw new Error(problem);
  const vulnerable = request.findings.filter((f) => f.type === 'software-vulnerability');
  const at = request.now.toISOString();
  const tree = writeProductTree(vulnerable);
  const sources = unionJson<CsafSource>([], vulnerable.flatMap((f) => f.csaf.sources));
  const { name, namespace, category, contactDetails, issuingAuthority } = request.publisher;
  const references = unionJson<CsafReference>(
    [],
    // A source's reference to itself is, in another advisory, a reference to another document.
    sources.flatMap((s) => s.references.map((r) => (r.category === 'self' && s.trackingId !== request.trackingId ? { ...r, category: 'external' as const } : r))),
  );
  const acknowledgments = unionJson([], sources.flatMap((s) => s.acknowledgments));
  const severity = aggregateSeverity(vulnerable);
  const sourceLang = agreed(vulnerable, (s) => s.sourceLang);
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: request.title,
      // The advisories' language where they all agree (the app's words are few); the app's own otherwise.
      lang: agreed(vulnerable, (s) => s.lang) ?? 'en-US',
      ...(sourceLang === null ? {} : { source_lang: sourceLang }),
      publisher: { category, name, namespace, ...(contactDetails === undefined ? {} : { contact_details: contactDetails }), ...(issuingAuthority === undefined ? {} : { issuing_authority: issuingAuthority }) },
      distribution: { text: bannerText(request.marking), tlp: { label: request.tlp, url: 'https://www.first.org/tlp/' } },
      notes: unionJson(
        [{ category: 'summary', title: 'Summary', text: request.summary }],
        sources.flatMap((s) => [
          ...s.notes,
          // Another publisher's distribution statement, which this document's marking takes the place of.
          ...(s.distributionText === null ? [] : [{ category: 'legal_disclaimer' as const, title: `Distribution statement of ${s.trackingId}`, text: s.distributionText }]),
          sourceNote(s),
        ]),
      ),
      ...(references.length > 0 ? { references } : {}),
      ...(acknowledgments.length > 0 ? { acknowledgments } : {}),
      ...(severity ? { aggregate_severity: severity } : {}),
      tracking: {
        id: request.trackingId,
        status: 'final',
        version: '1',
        initial_release_date: at,
        current_release_date: at,
        revision_history: [{ number: '1', date: at, summary: 'Initial version.' }],
        generator: { date: at, engine: { ...request.generator } },
      },
    },
    product_tree: tree.productTree,
    vulnerabilities: vulnerable.map((f) => writeVulnerability(f, tree)),
  };
}

/**
 * What every advisory the findings came from says of one thing (its language), when they all say
 * the same; null when any finding came from none, or they differ.
 */
function agreed(findings: readonly Finding[], pick: (s: CsafSource) => string | null): string | null {
  if (findings.some((f) => f.csaf.sources.length === 0)) return null;
  const all = new Set(findings.flatMap((f) => f.csaf.sources.map(pick)));
  const [only] = all;
  return all.size === 1 && only !== undefined ? only : null;
}

const NOTE_TEXT = 100_000;

/**
 * An advisory the findings came from, named in a note: the export is a new advisory, with tracking
 * of its own, so the source's category, publisher, language and tracking (version, status, dates,
 * aliases, revision history) are said here, where CSAF allows free text.
 */
function sourceNote(s: CsafSource): CsafNote {
  const t = s.tracking;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const object = (value: unknown): Readonly<Record<string, unknown>> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const engine = object(object(t.generator).engine);
  const lines = [
    `${s.title} (${s.trackingId}), a ${s.category} document${s.publisher ? ` published by ${s.publisher.name} (${s.publisher.category}, ${s.publisher.namespace})` : ''}.`,
    `Version ${text(t.version) ?? 'not given'}, status ${text(t.status) ?? 'not given'}; first released ${text(t.initial_release_date) ?? 'on a date not given'}, current release ${text(t.current_release_date) ?? 'not given'}.`,
    ...(list(t.aliases).length > 0 ? [`Also known as ${list(t.aliases).map(String).join(', ')}.`] : []),
    ...(s.lang === null ? [] : [`Written in ${s.lang}${s.sourceLang === null ? '' : `, translated from ${s.sourceLang}`}.`]),
    ...(text(engine.name) === undefined ? [] : [`Generated by ${[text(engine.name), text(engine.version)].filter((x) => x !== undefined).join(' ')}${text(object(t.generator).date) === undefined ? '' : ` on ${text(object(t.generator).date) ?? ''}`}.`]),
    ...list(t.revision_history).map((r) => `Revision ${text(object(r).number) ?? '?'} (${text(object(r).date) ?? 'no date'}): ${text(object(r).summary) ?? ''}`),
  ].join('\n');
  return { category: 'other', title: `Source advisory ${s.trackingId}`, text: lines.length <= NOTE_TEXT ? lines : `${lines.slice(0, NOTE_TEXT - 1)}…` };
}

/**
 * The aggregate severity the advisories the findings came from all agree on; none when any finding
 * came from none, or they differ (it would speak for what it never rated).
 */
function aggregateSeverity(findings: readonly Finding[]): CsafSource['aggregateSeverity'] {
  const all = findings.flatMap((f) => (f.csaf.sources.length === 0 ? [null] : f.csaf.sources.map((s) => s.aggregateSeverity)));
  const distinct = new Set(all.map((s) => canonicalize(s) ?? 'null'));
  return distinct.size === 1 ? (all[0] ?? null) : null;
}
