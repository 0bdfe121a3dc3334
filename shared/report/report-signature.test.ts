import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport, sampleReportFile } from '../../test/fixtures/report/sample-report.js';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { parseAllowedSigners, parseRevokedKeys } from '../identity/allowed-signers.js';
import { fingerprint, formatPublicKeyLine, parsePublicKeyLine } from '../identity/ssh-key.js';
import { signMessage } from '../identity/sshsig.js';
import { reportSignedBytes, signReportFile, verifyReportFile, type ReportTrust } from './report-signature.js';
import { reportFileSchema, type ReportFile } from './review-report.js';

const PRINCIPAL = 'dana.lead@cisa.example';
const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
const publicKey = ed25519.getPublicKey(seed);
const otherSeed = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const ALLOWED = `${PRINCIPAL} ${formatPublicKeyLine(publicKey, 'Dana Lead')}\n`;
const trust = (text = ALLOWED, revoked = ''): ReportTrust => ({ signers: parseAllowedSigners(text), revoked: parseRevokedKeys(revoked) });

/** The sample report file, with the PDF and HTML saved before it named by hash. */
const unsigned = (): ReportFile => ({
  ...sampleReportFile(),
  files: [
    { format: 'pdf', fileName: 'atlas-2.1-report-v1.pdf', size: 48_213, sha256: 'd'.repeat(64) },
    { format: 'html', fileName: 'atlas-2.1-report-v1.html', size: 91_004, sha256: 'e'.repeat(64) },
  ],
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-report-signature-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signing a review report', () => {
  it('signs a report that verifies as its signer, also after the file is indented and its keys reordered', () => {
    const signed = signReportFile(unsigned(), { principal: PRINCIPAL, seed });
    expect(signed.signature).toMatchObject({ namespace: 'frontier-review-report', principal: PRINCIPAL });
    expect(reportFileSchema.safeParse(signed).success).toBe(true);
    const expected = { ok: true, principal: PRINCIPAL, fingerprint: fingerprint(publicKey) };
    expect(verifyReportFile(signed, trust())).toMatchObject(expected);
    // As saved and read again: indented, and keys in another order.
    const { report, ...rest } = signed;
    const reordered = JSON.parse(JSON.stringify({ report, ...Object.fromEntries(Object.entries(rest).reverse()) }, null, 2)) as ReportFile;
    expect(verifyReportFile(reordered, trust())).toMatchObject(expected);
  });

  it('refuses a report with one byte of its content changed after signing, saying it was changed and who signed it', () => {
    const signed = signReportFile(unsigned(), { principal: PRINCIPAL, seed });
    const changedTitle = { ...signed, report: { ...signed.report, cover: { ...signed.report.cover, title: signed.report.cover.title.replace('2.1', '2.2') } } };
    const problem = `The report was changed after ${PRINCIPAL} (${fingerprint(publicKey)}) signed it: its content no longer matches the signature.`;
    expect(verifyReportFile(changedTitle, trust())).toEqual({ ok: false, code: 'altered', problem });
    // The PDF and HTML are covered by their hashes: naming another PDF is a change too.
    const otherPdf = { ...signed, files: signed.files.map((f) => (f.format === 'pdf' ? { ...f, sha256: 'f'.repeat(64) } : f)) };
    expect(verifyReportFile(otherPdf, trust())).toMatchObject({ ok: false, code: 'altered' });
  });

  it('refuses a report signed by a key no trusted signer holds, or by a trusted key as someone else', () => {
    const byStranger = signReportFile(unsigned(), { principal: PRINCIPAL, seed: otherSeed });
    expect(verifyReportFile(byStranger, trust())).toEqual({
      ok: false,
      code: 'untrusted-signer',
      problem: `The report is signed by ${PRINCIPAL} (${fingerprint(ed25519.getPublicKey(otherSeed))}), but not by a trusted signer: The signer is not trusted as ${PRINCIPAL}.`,
    });
    const asSomeoneElse = signReportFile(unsigned(), { principal: 'riley@nsa.example', seed });
    expect(verifyReportFile(asSomeoneElse, trust())).toMatchObject({ ok: false, code: 'untrusted-signer', problem: expect.stringContaining('not trusted as riley@nsa.example') as unknown });
    const signed = signReportFile(unsigned(), { principal: PRINCIPAL, seed });
    const bundlesOnly = trust(`${PRINCIPAL} namespaces="frontier-review-bundle" ${formatPublicKeyLine(publicKey)}\n`);
    expect(verifyReportFile(signed, bundlesOnly)).toMatchObject({ ok: false, code: 'untrusted-signer', problem: expect.stringContaining('not to sign "frontier-review-report"') as unknown });
    expect(verifyReportFile(signed, trust(ALLOWED, formatPublicKeyLine(publicKey)))).toMatchObject({ ok: false, code: 'untrusted-signer', problem: expect.stringContaining('revoked') as unknown });
  });

  it('says a report is not signed, or signed for another purpose', () => {
    expect(verifyReportFile(unsigned(), trust())).toEqual({ ok: false, code: 'not-signed', problem: 'The report is not signed: it has no "signature".' });
    const file = unsigned();
    const forBundles = signMessage(reportSignedBytes(file), seed, 'frontier-review-bundle');
    const replayed: ReportFile = { ...file, signature: { namespace: 'frontier-review-report', principal: PRINCIPAL, armored: forBundles } };
    expect(verifyReportFile(replayed, trust())).toMatchObject({ ok: false, code: 'wrong-namespace', problem: expect.stringContaining('made for "frontier-review-bundle", not for reports') as unknown });
    const garbled: ReportFile = { ...file, signature: { namespace: 'frontier-review-report', principal: PRINCIPAL, armored: 'not a signature' } };
    expect(verifyReportFile(garbled, trust())).toMatchObject({ ok: false, code: 'unreadable' });
  });

  it('signs the canonical JSON of everything but the signature, whatever the file held before', () => {
    const file = unsigned();
    const bytes = new TextDecoder().decode(reportSignedBytes(file));
    expect(bytes.startsWith('{"$schema":"https://frontier-review.invalid/schemas/review-report-1.schema.json","banner":"SECRET//NOFORN","files":[')).toBe(true);
    expect(bytes).not.toContain('"signature"');
    const resigned = signReportFile(signReportFile(file, { principal: 'x@y.example', seed: otherSeed }), { principal: PRINCIPAL, seed });
    expect(verifyReportFile(resigned, trust())).toMatchObject({ ok: true });
    expect(verifyReportFile(signReportFile(sampleReportFile(sampleReport({ version: 2 })), { principal: PRINCIPAL, seed }), trust())).toMatchObject({ ok: true });
  });
});

describe('report signatures and ssh-keygen', () => {
  it('signs so that ssh-keygen -Y verify -n frontier-review-report accepts the signature over the canonical bytes, and refuses them changed', async () => {
    const signed = signReportFile(unsigned(), { principal: PRINCIPAL, seed });
    await writeFile(path.join(dir, 'allowed_signers'), ALLOWED);
    await writeFile(path.join(dir, 'report.sig'), signed.signature?.armored ?? '');
    const verify = (input: Uint8Array) =>
      runTool('ssh-keygen', ['-Y', 'verify', '-n', 'frontier-review-report', '-I', PRINCIPAL, '-f', path.join(dir, 'allowed_signers'), '-s', path.join(dir, 'report.sig')], { input });
    const good = await verify(reportSignedBytes(signed));
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain(`Good "frontier-review-report" signature for ${PRINCIPAL}`);
    const changed = { ...signed, report: { ...signed.report, version: 2 } };
    expect((await verify(reportSignedBytes(changed))).code).not.toBe(0);
  });

  it('accepts a report signed by ssh-keygen -Y sign over its canonical bytes', async () => {
    const key = path.join(dir, 'lead_key');
    expect((await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', key])).code).toBe(0);
    const file = unsigned();
    await writeFile(path.join(dir, 'report.canonical.json'), reportSignedBytes(file));
    expect((await runTool('ssh-keygen', ['-q', '-Y', 'sign', '-n', 'frontier-review-report', '-f', key, path.join(dir, 'report.canonical.json')])).code).toBe(0);
    const armored = await readFile(path.join(dir, 'report.canonical.json.sig'), 'utf8');
    const signed: ReportFile = { ...file, signature: { namespace: 'frontier-review-report', principal: PRINCIPAL, armored } };
    const keyLine = (await readFile(`${key}.pub`, 'utf8')).trim();
    expect(verifyReportFile(signed, trust(`${PRINCIPAL} ${keyLine}\n`))).toMatchObject({ ok: true, fingerprint: fingerprint(parsePublicKeyLine(keyLine).publicKey) });
  });
});
