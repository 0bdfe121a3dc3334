// Regenerates shared/marking/countries/iso-3166-1-alpha-3.json, the ISO 3166-1 alpha-3 codes REL TO
// accepts, from the iso-codes project's JSON (Debian package iso-codes), so the list is refreshed
// from a published source rather than edited by hand. See shared/marking/countries/SOURCES.md.
//
//   node build/scripts/update-country-codes.mjs /usr/share/iso-codes/json/iso_3166-1.json 4.15.0
//
// The version is the iso-codes release the file comes from (`dpkg-query -W iso-codes` shows it);
// the JSON itself does not say.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const target = path.join(root, 'shared/marking/countries/iso-3166-1-alpha-3.json');

const [sourcePath, version] = process.argv.slice(2);
if (sourcePath === undefined || version === undefined || !/^\d+(\.\d+)+$/.test(version)) {
  console.error('Usage: node build/scripts/update-country-codes.mjs <path to iso_3166-1.json> <iso-codes version, such as 4.15.0>');
  process.exit(2);
}

/**
 * `{ "AUS": "Australia", ... }` from iso-codes' `{ "3166-1": [{ "alpha_3": "AUS", "name": "Australia" }, ...] }`.
 * @param {unknown} isoCodesJson
 * @returns {Record<string, string>}
 */
function alpha3Codes(isoCodesJson) {
  const entries = typeof isoCodesJson === 'object' && isoCodesJson !== null ? /** @type {Record<string, unknown>} */ (isoCodesJson)['3166-1'] : undefined;
  if (!Array.isArray(entries) || entries.length === 0) throw new Error('The file has no "3166-1" list; is it iso-codes\' iso_3166-1.json?');
  /** @type {Record<string, string>} */
  const codes = {};
  for (const [index, entry] of entries.entries()) {
    const code = entry?.alpha_3;
    const name = entry?.name;
    if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) throw new Error(`Entry ${index} has no three-letter alpha_3 code.`);
    if (typeof name !== 'string' || name.length === 0) throw new Error(`${code} has no name.`);
    if (code in codes) throw new Error(`${code} appears twice.`);
    codes[code] = name;
  }
  return Object.fromEntries(Object.entries(codes).sort(([a], [b]) => (a < b ? -1 : 1)));
}

try {
  const codes = alpha3Codes(JSON.parse(readFileSync(sourcePath, 'utf8')));
  const file = {
    version: `iso-codes ${version}`,
    source: `iso-codes ${version} (https://salsa.debian.org/iso-codes-team/iso-codes): iso_3166-1.json, as Debian's iso-codes package installs it at /usr/share/iso-codes/json/iso_3166-1.json. Codes are ISO 3166-1 alpha-3; names are the ISO short names.`,
    licence: 'LGPL-2.1-or-later (iso-codes: © 2001-2008 Alastair McKinstry, © 2004-2016 Christian Perrier, © 2005-2023 Dr. Tobias Quathamer). This file is a derived work and stays under that licence.',
    codes,
  };
  writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`${path.relative(root, target)}: ${Object.keys(codes).length} codes from iso-codes ${version}.`);
} catch (error) {
  console.error(`${sourcePath}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
