import { markCsaf } from '../export/file-marking.js';
import { scoreCvss } from '../findings/cvss.js';
import { dedupKeyOf, findingFieldsSchema, type Finding } from '../findings/finding.js';
import type { Marking } from '../marking/marking.js';
import type { CsafRead } from './csaf-read.js';
import { writeCsaf, type CsafDocument, type CsafExportRequest } from './csaf-write.js';

export interface CsafAfterImportOptions {
  readonly now: Date;
  readonly generator: CsafExportRequest['generator'];
  /** The marking the findings are imported under; by default what the advisory gives itself. */
  readonly marking?: Marking;
}

/** A publisher for an advisory that names none (which CSAF requires, but a lenient file may lack). */
const NO_PUBLISHER = { category: 'other', name: 'Publisher not named', namespace: 'https://publisher.invalid' } as const;

/**
 * The CSAF 2.0 document Frontier Review would export right after importing an advisory into an
 * empty packet, with no edits: the findings exactly as the importer stores them (checked by the
 * same schema), written by the same writer and marked as the export gateway marks it. The export
 * has no other source for its title, tracking id, publisher and TLP label, so it takes the
 * advisory's own. Pure: the finding ids are numbered, and `now` dates it.
 *
 * Throws when the app would refuse the import or the export, with the reason (an advisory marked
 * above what TLP:WHITE may carry, a finding the schema refuses).
 */
export function csafAfterImport(read: Extract<CsafRead, { readonly ok: true }>, options: CsafAfterImportOptions): CsafDocument {
  const at = options.now.toISOString();
  const marking = options.marking ?? read.marking;
  const findings = read.findings.map((f, i): Finding => {
    const checked = findingFieldsSchema.safeParse({ ...f, evidence: [], marking });
    if (!checked.success) throw new Error(`"${f.title}" cannot be a finding: ${checked.error.issues[0]?.message ?? 'it is not valid'}`);
    const fields = checked.data;
    const scored = fields.cvssVector === null ? undefined : scoreCvss(fields.cvssVector);
    return {
      ...fields,
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      packetId: 'csaf-import',
      dedupKey: dedupKeyOf(fields),
      cvss: scored?.ok ? scored.score : null,
      reports: 1,
      createdAt: at,
      updatedAt: at,
      revision: 1,
    };
  });
  const publisher = read.source.publisher ?? NO_PUBLISHER;
  const controlled = marking.level !== 'UNCLASSIFIED' || marking.dissemination.length > 0;
  const document = writeCsaf({
    title: read.title,
    trackingId: read.trackingId,
    publisher: {
      category: publisher.category,
      name: publisher.name,
      namespace: publisher.namespace,
      ...('contact_details' in publisher && publisher.contact_details !== undefined ? { contactDetails: publisher.contact_details } : {}),
      ...('issuing_authority' in publisher && publisher.issuing_authority !== undefined ? { issuingAuthority: publisher.issuing_authority } : {}),
    },
    tlp: read.source.tlp?.label ?? (controlled ? 'AMBER' : 'WHITE'),
    marking,
    summary: `As read from CSAF advisory ${read.trackingId}.`,
    findings,
    now: options.now,
    generator: options.generator,
  });
  return markCsaf(document, marking) as CsafDocument;
}
