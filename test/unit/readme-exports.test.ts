import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS } from '../../shared/export/export-kinds.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe("the README's table of exports", () => {
  it('has a row for every kind of export the gateway takes, with its button and format', () => {
    const rows = readme.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Export |') && !line.startsWith('|---'));
    for (const [kind, { label, format }] of Object.entries(EXPORT_KINDS)) {
      const button = /\((.+)\)$/.exec(label)?.[1] ?? label;
      const row = rows.find((r) => r.includes(`**${button}**`));
      expect(row, `${kind}: a row for **${button}**`).toBeDefined();
      expect(row, kind).toContain(kind === 'review-bundle' ? 'Exported, bundle' : `(\`${kind}\`)`);
      expect(row?.toLowerCase(), kind).toContain(format === 'allowed-signers' ? 'allowed_signers' : format === 'bundle' ? 'frbundle' : format);
    }
  });
});
