import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog } from '../../shared/audit/log-export.js';
import { createBundle } from '../../shared/bundle/review-bundle.js';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { readCsaf } from '../../shared/csaf/csaf-read.js';
import { readPoam } from '../../shared/oscal/poam-read.js';
import { csafFailures } from '../../test/fixtures/csaf-validation.js';
import { fingerprint, formatPublicKeyLine } from '../../shared/identity/ssh-key.js';
import { signReportFile } from '../../shared/report/report-signature.js';
import type { ReportFile } from '../../shared/report/review-report.js';
import { reportAtCheckpoint } from '../../test/fixtures/report/report-from-history.js';
import { poamSchemaErrors } from '../../test/fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../../test/fixtures/provided.js';
import { sealedHistory, signer } from '../../test/fixtures/sealed-history.js';
import { runCheckCommand } from './check-command.js';

let dir: string;
const file = (name: string) => path.join(dir, name);

/** Runs `frontier-review check` as a script would, with its exit code and output. */
async function check(...args: string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheckCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

async function checkJson(target: string): Promise<{ readonly code: number; readonly report: Record<string, unknown> }> {
  return checkJsonWith(target);
}

async function checkJsonWith(...args: string[]): Promise<{ readonly code: number; readonly report: Record<string, unknown> }> {
  const { code, stdout } = await check(...args, '--json');
  return { code, report: JSON.parse(stdout) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-check-'));
  await writeFile(file('results.csv'), 'Task,Model,Metric,Value\r\ninspect_evals/cybench,example/atlas,accuracy,0.4\r\ninspect_evals/threecb,example/atlas,accuracy,0.7\r\n');
  await writeFile(file('results.json'), JSON.stringify([{ task: 'inspect_evals/cybench', model: 'example/atlas', metric: 'accuracy', value: 0.4 }]));
  const events = sealedHistory(['opened', 'scored', 'closed']);
  await writeFile(file('history.jsonl'), exportAuditLog(events, events, signer, 'every event', new Date('2026-12-01T09:00:00.000Z')));
  const seed = ed25519.utils.randomSecretKey();
  const bundle = await createBundle({
    bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a99',
    createdAt: '2026-12-01T09:00:00.000Z',
    marking: UNCLASSIFIED,
    signer: { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', seed, publicKey: ed25519.getPublicKey(seed) },
    encryption: { passphrase: 'correct horse battery staple', scryptLogN: 10 },
    files: [{ path: 'review/review.json', bytes: new TextEncoder().encode('{}') }],
  });
  await writeFile(file('review.frbundle'), bundle.bytes);
  await writeFile(file('allowed_signers'), `lead@cisa.example ${formatPublicKeyLine(ed25519.getPublicKey(seed))}\n`);
  await writeFile(file('revoked'), `${formatPublicKeyLine(ed25519.getPublicKey(seed))}\n`);
  await writeFile(file('empty.csv'), '');
  await writeFile(file('picture.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x00]));
  await writeFile(file('alone.age'), '-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3Yx\n-----END AGE ENCRYPTED FILE-----\n');
  // A plan that gives a key twice: JSON keeps the second value, so the first is listed as left out.
  const nist = await readFile(providedPath(NIST_POAM_EXAMPLE), 'utf8');
  await writeFile(file('twice.json'), nist.replace('"title": "IFA GoodRead Plan of Action and Milestones"', '"title": "A first title", "title": "IFA GoodRead Plan of Action and Milestones"'));
  const bad = JSON.parse(nist) as { 'plan-of-action-and-milestones': { metadata: Record<string, unknown> } };
  delete bad['plan-of-action-and-milestones'].metadata.title;
  await writeFile(file('untitled.json'), JSON.stringify(bad));
  await writeFile(file('cut.eval'), (await readFile(providedPath('inspect/log_formats.eval'))).subarray(0, 400));
  await writeFile(file('notes.txt'), 'just some notes\n');
  await writeFile(file('catalog.json'), JSON.stringify({ catalog: { uuid: 'x', metadata: { title: 'A catalog' } } }));
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('frontier-review check', () => {
  it('prints exactly kind, accepted, counts, dropped and problems, for every Inspect log provided', async () => {
    for (const name of await readdir(providedPath('inspect'))) {
      const { code, report } = await checkJson(providedPath(`inspect/${name}`));
      expect(Object.keys(report), name).toEqual(['kind', 'accepted', 'counts', 'dropped', 'problems']);
      expect(report, name).toMatchObject({ kind: 'inspect-log', accepted: true, dropped: [], problems: [] });
      expect(code, name).toBe(0);
    }
    const { report } = await checkJson(providedPath('inspect/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval'));
    expect(report.counts).toEqual({ samples: 10, scored: 10, errored: 0, metrics: 1 });
  });

  it('counts a POA&M as the contract says, lists what an import leaves out as JSON pointers, and writes back an export NIST’s schema accepts', async () => {
    const { code, report } = await checkJson(providedPath(NIST_POAM_EXAMPLE));
    expect(code).toBe(0);
    expect(report).toMatchObject({ kind: 'oscal-poam', accepted: true, counts: { 'poam-items': 2, risks: 2, observations: 2, remediations: 2, milestones: 2, findings: 0 }, dropped: [] });
    const out = file('plan-back.json');
    expect((await check(providedPath(NIST_POAM_EXAMPLE), '--write-back', out)).code).toBe(0);
    const written = JSON.parse(await readFile(out, 'utf8')) as object;
    expect(poamSchemaErrors(written)).toEqual([]);
    expect((await readPoam('back.json', new TextEncoder().encode(JSON.stringify(written)))).ok).toBe(true);
  });

  it('names results tables, history exports and review bundles, with what they hold', async () => {
    expect(await checkJson(file('results.csv'))).toMatchObject({ code: 0, report: { kind: 'results-table', accepted: true, counts: { rows: 2, columns: 4, runs: 2 } } });
    expect(await checkJson(file('results.json'))).toMatchObject({ code: 0, report: { kind: 'results-table', accepted: true, counts: { rows: 1 } } });
    expect(await checkJson(file('history.jsonl'))).toMatchObject({ code: 0, report: { kind: 'history-export', accepted: true, counts: { events: 3, 'tree-size': 3 } } });
  });

  it('judges a bundle\'s signer only against the signers given, as a workstation would', async () => {
    const unjudged = await checkJson(file('review.frbundle'));
    expect(unjudged).toMatchObject({ code: 1, report: { kind: 'review-bundle', accepted: false } });
    expect((unjudged.report.problems as string[])[0]).toContain('give --allowed-signers');
    const { code, stdout } = await check(file('review.frbundle'), '--json', '--allowed-signers', file('allowed_signers'));
    expect({ code, report: JSON.parse(stdout) as unknown }).toMatchObject({ code: 0, report: { kind: 'review-bundle', accepted: true, problems: [] } });
    const revoked = await check(file('review.frbundle'), '--json', '--allowed-signers', file('allowed_signers'), '--revoked', file('revoked'));
    expect(revoked.code).toBe(1);
    expect((JSON.parse(revoked.stdout) as { problems: string[] }).problems[0]).toContain('revoked');
  });

  it('lists what an import leaves out, with a pointer to it, and still accepts the file', async () => {
    const { code, report } = await checkJson(file('twice.json'));
    expect(code).toBe(0);
    expect(report).toMatchObject({ kind: 'oscal-poam', accepted: true });
    expect(report.dropped).toEqual([{ path: '/plan-of-action-and-milestones/metadata/title', why: '"title" is given twice in the same object; JSON keeps the last value, so the first is left out.' }]);
  });

  it('names empty, binary and lone age files as none of the kinds, saying what they are', async () => {
    for (const [name, words] of [['empty.csv', 'is empty'], ['picture.png', 'is not text'], ['alone.age', 'age-encrypted file on its own']] as const) {
      const { code, report } = await checkJson(file(name));
      expect(code, name).toBe(1);
      expect(report, name).toMatchObject({ kind: 'unknown', accepted: false });
      expect((report.problems as string[])[0], name).toContain(words);
    }
  });

  it('prints one report and exits 1 for a file it cannot read, or a write-back it cannot write', async () => {
    const missing = await checkJson(file('no-such-file.json'));
    expect(missing).toMatchObject({ code: 1, report: { kind: 'unknown', accepted: false, problems: [`${file('no-such-file.json')} could not be read (ENOENT).`] } });
    const unwritable = await check(providedPath(NIST_POAM_EXAMPLE), '--json', '--write-back', file('no-such-folder/plan.json'));
    expect(unwritable.code).toBe(1);
    expect(JSON.parse(unwritable.stdout)).toMatchObject({ kind: 'oscal-poam', accepted: true });
    expect(unwritable.stderr).toContain(`${file('no-such-folder/plan.json')} could not be written (ENOENT).`);
  });

  it('writes nothing back for a plan it refuses, and exits 1 with the reason', async () => {
    const out = file('untitled-back.json');
    const { code, stdout } = await check(file('untitled.json'), '--json', '--write-back', out);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'oscal-poam', accepted: false, problems: ['untitled.json: metadata.title is missing, and OSCAL requires it.'] });
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses what the app would refuse, saying why, and exits 1', async () => {
    const cut = await checkJson(file('cut.eval'));
    expect(cut).toMatchObject({ code: 1, report: { kind: 'inspect-log', accepted: false } });
    expect((cut.report.problems as string[])[0]).toContain('cut.eval');
    const catalog = await checkJson(file('catalog.json'));
    expect(catalog).toMatchObject({ code: 1, report: { kind: 'unknown', accepted: false } });
    expect(await checkJson(file('notes.txt'))).toMatchObject({ code: 1, report: { kind: 'results-table', accepted: false } });
    const tampered = (await readFile(file('history.jsonl'), 'utf8')).replace('"after":{"title":"scored"}', '"after":{"title":"never scored"}');
    await writeFile(file('tampered.jsonl'), tampered);
    expect(await checkJson(file('tampered.jsonl'))).toMatchObject({ code: 1, report: { kind: 'history-export', accepted: false } });
  });

  it('exits 2 on a wrong command line, and on --write-back for a file that has no export', async () => {
    expect((await check()).code).toBe(2);
    expect((await check(file('results.csv'), '--frobnicate')).code).toBe(2);
    expect((await check(file('results.csv'), file('results.json'))).code).toBe(2);
    expect((await check(file('review.frbundle'), '--revoked', file('revoked'))).code).toBe(2);
    const wrong = await check(file('results.csv'), '--write-back', file('out.json'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--write-back is for an OSCAL plan of action and milestones or a CSAF advisory; ' + file('results.csv') + ' is a results table.');
    expect((await check('--help')).stdout).toContain('Usage: frontier-review check <file> [--json] [--write-back <out>] [--allowed-signers <file> [--revoked <file>]]');
  });

  it('says in words what it found, without --json', async () => {
    const { stdout } = await check(file('results.csv'));
    expect(stdout).toBe(`${file('results.csv')}: results-table, accepted\n  holds: 2 rows, 4 columns, 2 runs\n`);
  });
});

describe('frontier-review check on CSAF advisories', () => {
  const ADVISORIES = ['csaf/csaf-2.0-bsi-2022-0001.json', 'csaf/rhsa-2022_0011.json', 'csaf/2022-evd-uc-01-f-001.json'];

  it('accepts the BSI, Red Hat and VEX advisories provided, counting what they hold and listing what an import leaves out as JSON pointers', async () => {
    for (const name of ADVISORIES) {
      const { code, report } = await checkJson(providedPath(name));
      expect(report, name).toMatchObject({ kind: 'csaf', accepted: true, problems: [] });
      expect(code, name).toBe(0);
      const counts = report.counts as Record<string, number>;
      expect(Object.keys(counts), name).toEqual(['vulnerabilities', 'products', 'findings']);
      const document = JSON.parse(await readFile(providedPath(name), 'utf8')) as { vulnerabilities: unknown[] };
      expect(counts.vulnerabilities, name).toBe(document.vulnerabilities.length);
      expect(counts.findings, name).toBeGreaterThan(0);
      for (const d of report.dropped as { path: string; why: string }[]) expect(d.path, name).toMatch(/^\/(document|product_tree|vulnerabilities)(\/|$)/);
    }
  });

  it('writes back an advisory the BSI validator accepts, that the app reads again to the same findings', async () => {
    for (const name of ADVISORIES) {
      const out = file(`${path.basename(name)}.back.json`);
      expect((await check(providedPath(name), '--write-back', out)).code, name).toBe(0);
      const written = JSON.parse(await readFile(out, 'utf8')) as { document: { tracking: { generator?: { engine: { name: string } } } } };
      expect(await csafFailures(written), name).toEqual([]);
      expect(written.document.tracking.generator?.engine.name, name).toBe('Frontier Review');
      const original = readCsaf(name, await readFile(providedPath(name)));
      const again = readCsaf('back.json', new TextEncoder().encode(JSON.stringify(written)));
      if (!original.ok || !again.ok) throw new Error(`${name} was not read`);
      expect(again.findings.map((f) => [f.cveId, f.status, f.affectedProducts.length]), name).toEqual(original.findings.map((f) => [f.cveId, f.status, f.affectedProducts.length]));
    }
  });

  it('refuses an advisory that is not CSAF 2.0, saying why', async () => {
    const document = JSON.parse(await readFile(providedPath(ADVISORIES[0]!), 'utf8')) as { document: { csaf_version: string } };
    document.document.csaf_version = '1.2';
    await writeFile(file('old.json'), JSON.stringify(document));
    const { code, report } = await checkJson(file('old.json'));
    expect(code).toBe(1);
    expect(report).toMatchObject({ kind: 'csaf', accepted: false });
    expect((report.problems as string[])[0]).toMatch(/old\.json.*2\.0/);
  });
});

describe('frontier-review check, in words', () => {
  it('says with an accepted advisory what the app would note on import, apart from problems', async () => {
    const name = providedPath('csaf/rhsa-2022_0011.json');
    const { code, stdout } = await check(name);
    expect(code).toBe(0);
    expect(stdout).toContain(`${name}: csaf, accepted\n`);
    expect(stdout).toMatch(/\n {2}note: \/vulnerabilities\/0: .* has no CVSS 3\.x score; its severity is set to medium for a reviewer to judge\.\n/);
    expect(stdout).not.toContain('problem:');
  });
});

describe('frontier-review check on review reports', () => {
  const leadSeed = Uint8Array.from({ length: 32 }, (_, i) => 3 * i + 1);
  const LEAD = 'dana.lead@cisa.example';
  const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
  const PDF = '%PDF-1.7\n% a review report, printed\n%%EOF\n';
  const HTML = '<!doctype html><title>Review report</title><p>SECRET//NOFORN</p>\n';
  let report: ReportFile;
  let root: string;
  const writeReport = (name: string, value: unknown) => writeFile(file(name), `${JSON.stringify(value, null, 2)}\n`);

  beforeAll(async () => {
    const events = sealedHistory(['opened', 'scored', 'closed']);
    root = events[2]?.root ?? '';
    await writeFile(file('report.pdf'), PDF);
    await writeFile(file('report.html'), HTML);
    report = {
      ...reportAtCheckpoint(events, 3),
      files: [
        { format: 'pdf', fileName: 'atlas-2.1-report-v1.pdf', size: PDF.length, sha256: sha256(PDF) },
        { format: 'html', fileName: 'atlas-2.1-report-v1.html', size: HTML.length, sha256: sha256(HTML) },
      ],
    };
    await writeReport('report.json', signReportFile(report, { principal: LEAD, seed: leadSeed }));
    await writeReport('unsigned-report.json', report);
    await writeFile(file('report_signers'), `${LEAD} ${formatPublicKeyLine(ed25519.getPublicKey(leadSeed))}\n`);
  });

  it('prints a signed report between its banners: version, packet, determination, checkpoint, signer and the files given', async () => {
    const { code, stdout, stderr } = await check(file('report.json'), file('report.pdf'), file('report.html'), '--allowed-signers', file('report_signers'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'SECRET//NOFORN',
        `${file('report.json')}: review-report, accepted`,
        '  holds: 1 thresholds, 1 reproductions, 1 findings, 2 sources, 2 files',
        '  report: version 1 of report b7d8c2a4-0d6e-4f8e-9a51-6f0e3c1d2b10, made 2026-06-20T14:00:00.000Z',
        '  packet: Example Labs Atlas 2.1',
        '  determination: Covered (covered)',
        `  checkpoint: 3 events of frontier-review/workstation-test, root ${root}`,
        `  signed by: ${LEAD} (${fingerprint(ed25519.getPublicKey(leadSeed))}), a trusted signer`,
        `  file: ${file('report.pdf')} is the report's PDF (atlas-2.1-report-v1.pdf), by its SHA-256`,
        `  file: ${file('report.html')} is the report's HTML (atlas-2.1-report-v1.html), by its SHA-256`,
        'SECRET//NOFORN',
        '',
      ].join('\n'),
    );
  });

  it('prints the report as JSON with its banner and what it is, for scripts', async () => {
    const { code, stdout } = await check(file('report.json'), '--json', '--allowed-signers', file('report_signers'));
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['kind', 'accepted', 'counts', 'dropped', 'problems', 'banner', 'report']);
    expect(printed).toMatchObject({
      kind: 'review-report',
      accepted: true,
      banner: 'SECRET//NOFORN',
      report: { version: 1, packet: { developer: 'Example Labs', modelName: 'Atlas', modelVersion: '2.1' }, outcome: 'covered', checkpoint: { treeSize: 3, rootHash: root }, signedBy: { principal: LEAD, trusted: true }, files: [] },
    });
  });

  it('names the signer of a sound signature without judging it when no trusted signers are given, and says when a report is not signed', async () => {
    const unjudged = await check(file('report.json'));
    expect(unjudged.code).toBe(0);
    expect(unjudged.stdout).toContain(`  signed by: ${LEAD} (${fingerprint(ed25519.getPublicKey(leadSeed))}), not judged\n`);
    expect(unjudged.stdout).toContain(`  note: whether ${LEAD} (${fingerprint(ed25519.getPublicKey(leadSeed))}) is a signer to trust is not judged: give --allowed-signers`);
    const unsigned = await check(file('unsigned-report.json'));
    expect(unsigned.code).toBe(0);
    expect(unsigned.stdout).toContain('  note: the report is not signed.\n');
    const required = await checkJsonWith(file('unsigned-report.json'), '--allowed-signers', file('report_signers'));
    expect(required).toMatchObject({ code: 1, report: { kind: 'review-report', accepted: false, problems: ['The report is not signed: it has no "signature".'] } });
  });

  it('refuses a signed report changed after signing, one signed by a stranger, and files that are not the report\'s', async () => {
    const signed = signReportFile(report, { principal: LEAD, seed: leadSeed });
    await writeReport('changed-report.json', { ...signed, report: { ...signed.report, determination: { ...signed.report.determination, outcomeLabel: 'Covered!' } } });
    const changed = await checkJsonWith(file('changed-report.json'));
    expect(changed).toMatchObject({ code: 1, report: { kind: 'review-report', accepted: false } });
    expect(changed.report.problems).toEqual([`The report was changed after ${LEAD} (${fingerprint(ed25519.getPublicKey(leadSeed))}) signed it: its content no longer matches the signature.`]);
    const strangerSeed = new Uint8Array(32).fill(77);
    await writeReport('stranger-report.json', signReportFile(report, { principal: LEAD, seed: strangerSeed }));
    const stranger = await checkJsonWith(file('stranger-report.json'), '--allowed-signers', file('report_signers'));
    expect(stranger.code).toBe(1);
    expect((stranger.report.problems as string[])[0]).toContain(`is signed by ${LEAD} (${fingerprint(ed25519.getPublicKey(strangerSeed))}), but not by a trusted signer`);
    const wrongFile = await checkJsonWith(file('report.json'), file('results.csv'));
    expect(wrongFile.code).toBe(1);
    expect(wrongFile.report.problems).toEqual([`${file('results.csv')} is none of the files the report names: its SHA-256 ${sha256(await readFile(file('results.csv')))} is not that of atlas-2.1-report-v1.pdf or atlas-2.1-report-v1.html.`]);
  });

  it('refuses a report its schema refuses, with a JSON pointer to each problem', async () => {
    const { banner: _banner, ...unbannered } = report;
    await writeReport('maybe-report.json', { ...unbannered, report: { ...report.report, determination: { ...report.report.determination, outcome: 'maybe' } } });
    const { code, report: printed } = await checkJsonWith(file('maybe-report.json'));
    expect(code).toBe(1);
    expect(printed).toMatchObject({ kind: 'review-report', accepted: false });
    expect(printed).not.toHaveProperty('banner');
    expect(printed.problems).toEqual([
      'maybe-report.json: /banner: Invalid input: expected string, received undefined',
      'maybe-report.json: /report/determination/outcome: Invalid option: expected one of "covered"|"not-covered"|"undetermined"',
    ]);
  });

  it('refuses a report whose labels or checkpoint disagree with what they stand for, printing nothing from the file that is not one line of text', async () => {
    await writeReport('relabelled-report.json', { ...report, banner: 'UNCLASSIFIED\u001b[2J\nall clear' });
    const relabelled = await check(file('relabelled-report.json'));
    expect(relabelled.code).toBe(1);
    expect(relabelled.stdout.split('\n')[0]).toBe('UNCLASSIFIED\uFFFD[2J\uFFFDall clear');
    expect(relabelled.stdout).not.toContain('\u001b');
    expect(relabelled.stdout).toContain('problem: relabelled-report.json: /banner: "UNCLASSIFIED\uFFFD[2J\uFFFDall clear" is not the banner of the file\'s marking (SECRET//NOFORN).');
    const checkpoint = report.report.provenance.checkpoint;
    if (!checkpoint) throw new Error('The report has a checkpoint.');
    await writeReport('resized-report.json', { ...report, report: { ...report.report, provenance: { ...report.report.provenance, checkpoint: { ...checkpoint, treeSize: 2 } } } });
    const resized = await checkJsonWith(file('resized-report.json'));
    expect(resized.code).toBe(1);
    expect(resized.report.problems).toEqual([`resized-report.json: /report/provenance/checkpoint: its fields say frontier-review/workstation-test at 2 events, root ${root}, but its signed note says frontier-review/workstation-test at 3 events, root ${root}.`]);
    await writeReport('forged-report.json', { ...report, report: { ...report.report, provenance: { ...report.report.provenance, checkpoint: { ...checkpoint, note: checkpoint.note.replace(/\n3\n/, '\n4\n') } } } });
    expect((await checkJsonWith(file('forged-report.json'))).report.problems).toEqual([expect.stringContaining('/report/provenance/checkpoint/note: the checkpoint note is not one signed by the verifier key the report names') as unknown]);
  });

  it('exits 2 when files follow one that is not a report', async () => {
    const wrong = await check(file('results.csv'), file('report.pdf'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`the files after it are for a review report (its PDF and HTML), and ${file('results.csv')} is a results table.`);
    const missing = await checkJsonWith(file('report.json'), file('no-such.pdf'));
    expect(missing).toMatchObject({ code: 1, report: { problems: [`${file('no-such.pdf')} could not be read (ENOENT).`] } });
  });
});
