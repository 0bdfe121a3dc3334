import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, bundlePathProblem, readBundleManifest } from './bundle-manifest.js';

const manifest = {
  format: BUNDLE_FORMAT,
  version: 1,
  bundleId: '5d0c9a8e-1b7f-4f5e-8a61-3a4f2c9e7b10',
  createdAt: '2026-11-30T10:00:00.000Z',
  exporter: { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG5vdCBhIHJlYWwga2V5IGJ1dCBzaGFwZWQgbGlrZQ', fingerprint: 'SHA256:abc' },
  recipients: [{ label: 'NIST workstation 4', recipient: `age1${'q'.repeat(58)}` }],
  files: [{ path: 'review/review.json', size: 15, sha512: 'a'.repeat(128) }],
};

function problemOf(value: unknown): string {
  const read = readBundleManifest(value);
  if (read.ok) throw new Error('the manifest was accepted');
  return read.problem;
}

describe('a bundle manifest', () => {
  it('takes a time with an offset, as date --iso-8601=seconds writes it, or with Z', () => {
    for (const createdAt of ['2026-11-30T10:00:00+00:00', '2026-11-30T05:00:00-05:00', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00.000Z']) {
      expect(readBundleManifest({ ...manifest, createdAt }), createdAt).toMatchObject({ ok: true, manifest: { createdAt } });
    }
  });

  it('says what is wrong in a sentence that names the field and what it must be, never as the schema’s own report', () => {
    expect(problemOf({ ...manifest, createdAt: '30/11/2026 10:00' })).toBe(
      'In manifest.json, createdAt must be a date and time in ISO 8601 form with its offset, such as 2026-11-30T10:00:00Z or 2026-11-30T10:00:00+00:00; it is "30/11/2026 10:00".',
    );
    expect(problemOf({ ...manifest, createdAt: '2026-11-30T10:00:00' })).toMatch(/^In manifest\.json, createdAt must be a date and time in ISO 8601 form with its offset/);
    const { bundleId: _bundleId, ...noId } = manifest;
    expect(problemOf(noId)).toBe('manifest.json lacks bundleId, which must be a UUID, such as 3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d.');
    expect(problemOf({ ...manifest, signedBy: 'me' })).toBe('manifest.json has a field this version of Frontier Review does not read: signedBy.');
    const many = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [i === 0 ? `evil\u001b]0;${'k'.repeat(80)}` : `extra${i}`, i]));
    expect(problemOf({ ...manifest, ...many })).toBe(`manifest.json has fields this version of Frontier Review does not read: "evil\uFFFD]0;${'k'.repeat(51)}…" (88 characters), extra1, extra2, extra3, extra4 and 2 more.`);
    expect(problemOf({ ...manifest, exporter: { ...manifest.exporter, role: 'admin' } })).toBe('In manifest.json, exporter.role must be one of "reviewer", "team-lead" and "auditor"; it is "admin".');
    expect(problemOf({ ...manifest, files: [...manifest.files, { path: 'review/x.json', size: -1, sha512: 'A'.repeat(128) }] })).toBe(
      'In manifest.json, files[1].size must be the file’s size in bytes, a whole number of 0 or more; it is -1. It has 1 other problem too.',
    );
    expect(problemOf({ ...manifest, recipients: [{ label: 'x', recipient: 'age1short' }] })).toBe('In manifest.json, recipients[0].recipient must be an age recipient: "age1" and 58 lowercase letters and digits; it is "age1short".');
    expect(problemOf({ ...manifest, marking: { banner: 'SECRET', level: 'SECRETISH', sci: [], cuiCategories: [], dissemination: [], relTo: [] } })).toMatch(/^In manifest\.json, marking\.level must be one of "UNCLASSIFIED", "CUI", .+; it is "SECRETISH"\.$/);
    expect(problemOf({ ...manifest, format: 'something-else' })).toBe('In manifest.json, format must be "frontier-review-bundle"; it is "something-else".');
    expect(problemOf([])).toBe('manifest.json must be a JSON object; it is a list of 0.');
    // A long value is cut, and control characters are not passed on.
    expect(problemOf({ ...manifest, bundleId: `\u001b[2J${'x'.repeat(100)}` })).toBe(`In manifest.json, bundleId must be a UUID, such as 3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d; it is "\uFFFD[2J${'x'.repeat(55)}…" (104 characters).`);
    for (const bad of [{ ...manifest, version: '1' }, { ...manifest, files: 'all of them' }, { ...manifest, exporter: null }]) {
      const problem = problemOf(bad);
      expect(problem).toMatch(/^(In manifest\.json, [a-zA-Z.[\]0-9]+ must be|manifest\.json lacks) .+\.$/);
      expect(problem).not.toMatch(/"code"|invalid_type|expected|\n/);
    }
  });

  it('takes each file with one hash, its SHA-256 or (in bundles made before) its SHA-512, and says so of a file with both or neither', () => {
    expect(readBundleManifest({ ...manifest, files: [{ path: 'review/review.json', size: 15, sha256: 'b'.repeat(64) }] })).toMatchObject({ ok: true });
    expect(readBundleManifest(manifest)).toMatchObject({ ok: true });
    const neither = 'In manifest.json, files[0] must be an object with path, size and one hash: sha256, or sha512 in bundles made before SHA-256; it is an object.';
    expect(problemOf({ ...manifest, files: [{ path: 'review/review.json', size: 15 }] })).toBe(neither);
    expect(problemOf({ ...manifest, files: [{ path: 'review/review.json', size: 15, sha256: 'b'.repeat(64), sha512: 'a'.repeat(128) }] })).toBe(neither);
    expect(problemOf({ ...manifest, files: [{ path: 'review/review.json', size: 15, sha256: 'a'.repeat(128) }] })).toBe(
      `In manifest.json, files[0].sha256 must be the file’s SHA-256 as sha256sum prints it: 64 lowercase hex digits; it is "${'a'.repeat(59)}…" (128 characters).`,
    );
  });

  it('says plainly when a bundle is of a newer format version', () => {
    expect(problemOf({ ...manifest, version: 2, newField: true })).toBe('The bundle is of format version 2, made by a newer version of Frontier Review; this one reads version 1. Update Frontier Review to import it.');
  });

  it('takes paths as tar writes a file’s, and refuses unsafe ones', () => {
    expect(bundlePathProblem('review/review.json')).toBeNull();
    expect(bundlePathProblem('review/')).toBe('a "..", "." or empty segment');
    expect(bundlePathProblem('../x')).toBe('a "..", "." or empty segment');
  });
});
