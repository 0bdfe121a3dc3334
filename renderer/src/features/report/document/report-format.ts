import type { ReportCover, ReportDetermination, ReportReproduction, ReportSource } from '../../../../../shared/report/review-report.js';
import { formatNumber } from '../../../../../shared/thresholds/determination.js';

/**
 * How the review report writes its numbers, dates and words. A report leaves the workstation, so
 * times are written in UTC with the zone named and sizes in one locale, whoever made it.
 */

/** "0.62 ± 0.04", or the value alone without a standard error. */
export function valueWithError(value: number, stderr: number | null): string {
  return stderr === null ? formatNumber(value) : `${formatNumber(value)} ± ${formatNumber(stderr)}`;
}

/** "0.54 to 0.7", or an em dash where there is none. */
export function intervalText(interval: readonly [number, number] | null): string {
  return interval ? `${formatNumber(interval[0])} to ${formatNumber(interval[1])}` : '—';
}

/** "+0.17": a difference says which way it goes. */
export function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${formatNumber(value)}`;
}

export function pText(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : formatNumber(p);
}

const METHOD_WORDS: Readonly<Record<NonNullable<ReportReproduction['rows'][number]['method']>, string>> = {
  mcnemar: 'McNemar',
  bootstrap: 'Bootstrap',
  unpaired: 'Unpaired',
};

/** "McNemar, 40 shared samples": how the difference was tested, and on what. */
export function methodText(method: ReportReproduction['rows'][number]['method'], sharedSamples: number): string {
  if (method === null) return 'Not tested';
  return method === 'unpaired' ? METHOD_WORDS[method] : `${METHOD_WORDS[method]}, ${sharedSamples} shared sample${sharedSamples === 1 ? '' : 's'}`;
}

export function directionSymbol(direction: 'higher' | 'lower'): string {
  return direction === 'higher' ? '≥' : '≤';
}

/** What each outcome means, in a sentence a reader outside the review follows. */
export const OUTCOME_WORDS: Readonly<Record<ReportDetermination['outcome'], string>> = {
  covered: 'The evidence reaches at least one capability threshold: the model is a covered model.',
  'not-covered': 'The evidence reaches none of the capability thresholds: the model is not a covered model.',
  undetermined: 'Some capability thresholds have no usable evidence yet: the review cannot yet say whether the model is covered.',
};

/** Why a threshold has no evidence value to show. */
export const STATE_WORDS: Readonly<Record<ReportDetermination['thresholds'][number]['state'], string>> = {
  crossed: 'Crossed',
  'not-crossed': 'Not crossed',
  'no-evidence': 'No evidence',
  'unusable-evidence': 'Unusable evidence',
};

export const SOURCE_KIND_LABELS: Readonly<Record<ReportSource['kind'], string>> = {
  'benchmark-log': 'Benchmark log',
  'results-table': 'Results table',
  'remediation-plan': 'Remediation plan',
  advisory: 'Advisory',
  'evidence-file': 'Evidence file',
};

/** "deviation-requested" → "Deviation requested": a status or severity as a word in a table cell. */
export function capitalised(word: string): string {
  const words = word.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "2026-06-06 09:00 UTC"; what is not a time is shown as it came. */
export function utcDateTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function byteSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
}

/** "2026-06-05 to 2026-07-05 · day 15 of 30". */
export function accessWindowText(packet: ReportCover['packet']): string {
  return `${packet.accessGrantedDate} to ${packet.plannedReleaseDate} · day ${packet.daysUsed} of ${packet.windowDays}`;
}

/** "Dana Lead (dana.lead@cisa.example)". */
export function personText(person: { readonly name: string; readonly principal: string }): string {
  return person.principal === '' || person.principal === person.name ? person.name : `${person.name} (${person.principal})`;
}

/** The first characters of an id or hash, enough to find it; the full value goes in a title. */
export function shortened(value: string, length = 12): string {
  return value.length <= length + 1 ? value : `${value.slice(0, length)}…`;
}

/**
 * A hash cut into groups of 16 characters: a narrow column wraps it between groups, never
 * letter by letter, and a copy of the text is the hash whole (the breaks are <wbr>, not spaces).
 */
export function hashGroups(hex: string, size = 16): string[] {
  const groups: string[] = [];
  for (let at = 0; at < hex.length; at += size) groups.push(hex.slice(at, at + size));
  return groups;
}
