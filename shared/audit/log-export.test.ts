import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAuditLogV1 } from '../../test/fixtures/audit-export-v1.js';
import { ORIGIN, sealedHistory, signer, stranger } from '../../test/fixtures/sealed-history.js';
import { WHOLE_HISTORY, exportAuditLog, packetOfEvent, verifyAuditExport } from './log-export.js';
import { eventLeafBytes } from './history.js';
import { formatVerifierKey } from './signed-note.js';
import type { JsonValue } from './audit-event.js';
import { marking } from '../marking/marking.js';

const EXPORTED_AT = new Date('2026-12-01T09:00:00.000Z');
const key = formatVerifierKey(signer);

/** Edits line `n` (1-based) of an export as JSON. */
function editLine(text: string, n: number, edit: (line: Record<string, unknown>) => Record<string, unknown>): string {
  const lines = text.split('\n');
  lines[n - 1] = JSON.stringify(edit(JSON.parse(lines[n - 1] ?? '{}') as Record<string, unknown>));
  return lines.join('\n');
}

describe('the exported review history, as exported before version 2 (every event with its proof)', { timeout: 60_000 }, () => {
  it('verifies a whole export as complete, and a filtered one as each event proven in the signed tree', () => {
    const events = sealedHistory(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const whole = exportAuditLogV1(events, events, signer, 'every event', EXPORTED_AT);
    expect(verifyAuditExport(whole, key)).toMatchObject({ ok: true, origin: ORIGIN, treeSize: 7, events: 7, complete: true, missing: 0, cut: false, keyGiven: true, rootHash: events[6]?.root });
    const some = exportAuditLogV1(events, events.filter((e) => e.entityId === 'f1'), signer, 'record finding f1', EXPORTED_AT);
    expect(verifyAuditExport(some)).toMatchObject({ ok: true, treeSize: 7, events: 2, complete: false, missing: 5, cut: false, selection: 'record finding f1', keyGiven: false });
  });

  it('tells a whole export with event lines deleted from a whole one: it verifies, but is not complete, and calls itself what it is not', () => {
    const events = sealedHistory(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const whole = exportAuditLogV1(events, events, signer, WHOLE_HISTORY, EXPORTED_AT);
    const cut = whole.split('\n').filter((_, i) => i !== 5).join('\n');
    expect(verifyAuditExport(cut, key)).toMatchObject({ ok: true, treeSize: 8, events: 7, complete: false, missing: 1, cut: true, selection: 'every event' });
    // The last line removed too, with the end of the export.
    expect(verifyAuditExport(whole.split('\n').slice(0, -2).join('\n'), key)).toMatchObject({ ok: true, events: 7, complete: false, cut: true });
  });

  it('names the first event edited, left out of order or not in the tree, for any history and any event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 30 }).chain((texts) => fc.tuple(fc.constant(texts), fc.integer({ min: 0, max: texts.length - 1 }))),
        ([texts, j]) => {
          const events = sealedHistory(texts);
          const text = exportAuditLogV1(events, events, signer, 'every event', EXPORTED_AT);
          const edited = verifyAuditExport(editLine(text, j + 2, (e) => ({ ...e, actor: 'mallory' })), key);
          // The hash recomputed too: the proof no longer reaches the signed root.
          const rehashed = verifyAuditExport(editLine(text, j + 2, (e) => ({ ...e, after: { title: 'forged-event' }, leaf: sealedHistory([...texts.slice(0, j), 'forged-event'])[j]?.leaf })), key);
          const lines = text.split('\n');
          const swapped = j + 3 < lines.length ? [...lines.slice(0, j + 1), lines[j + 2], lines[j + 1], ...lines.slice(j + 3)].join('\n') : undefined;
          return (
            !edited.ok && edited.seq === j + 1 && edited.reason.includes('was changed') &&
            !rehashed.ok && rehashed.seq === j + 1 && rehashed.reason.includes('not in the signed history') &&
            (swapped === undefined || (!verifyAuditExport(swapped, key).ok && (verifyAuditExport(swapped, key) as { reason: string }).reason.includes('out of order')))
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a checkpoint by another key, a header that disagrees with its checkpoint, and lines that are not events', () => {
    const events = sealedHistory(['a', 'b', 'c']);
    const text = exportAuditLogV1(events, events, signer, 'every event', EXPORTED_AT);
    expect(verifyAuditExport(text, formatVerifierKey(stranger))).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('not signed by the key given') as unknown });
    expect(verifyAuditExport(editLine(text, 1, (h) => ({ ...h, treeSize: 2 })), key)).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('its signed checkpoint says') as unknown });
    expect(verifyAuditExport(`${text}{"seq":4}\n`, key)).toMatchObject({ ok: false, line: 5, reason: expect.stringContaining('Line 5 is not an exported event') as unknown });
    expect(verifyAuditExport('not json\n', key)).toMatchObject({ ok: false, line: 1, reason: 'Line 1 is not JSON.' });
    // An event past the signed tree cannot be slipped in after it.
    const longer = sealedHistory(['a', 'b', 'c', 'd']);
    const extra = exportAuditLogV1(longer, longer, signer, 'every event', EXPORTED_AT).split('\n')[4] ?? '';
    expect(verifyAuditExport(`${text}${extra}\n`, key)).toMatchObject({ ok: false, seq: 4, reason: 'Event #4 is past the 3 events the checkpoint signs.' });
  });

  it('reads an export as an editor may leave it, and hashes values as written, "__proto__" keys and all', () => {
    const events = sealedHistory(['a', 'b'], signer, (e) => ({ ...e, after: JSON.parse('{"title":"t","__proto__":{"x":1}}') as JsonValue }));
    const text = exportAuditLogV1(events, events, signer, 'every event', EXPORTED_AT);
    expect(text).toContain('"__proto__":{"x":1}');
    expect(verifyAuditExport(`\uFEFF${text.replaceAll('\n', '\r\n')}\r\n\r\n`, key)).toMatchObject({ ok: true, events: 2, complete: true });
  });

});

describe('the exported review history, version 2: each event as the bytes it was sealed over', { timeout: 60_000 }, () => {
  it('writes each event line ending with its canonical JSON, and verifies a whole export by rebuilding its tree', () => {
    const events = sealedHistory(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const whole = exportAuditLog(events, events, signer, WHOLE_HISTORY, EXPORTED_AT);
    const lines = whole.trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ version: 2, treeSize: 7 });
    // What a verifier hashes is on the line as written: no proofs in an export of every event.
    expect(lines[3]).toBe(`{"seq":3,"leaf":"${events[2]?.leaf ?? ''}","event":${new TextDecoder().decode(eventLeafBytes(events[2]!))}}`);
    expect(verifyAuditExport(whole, key)).toMatchObject({ ok: true, origin: ORIGIN, treeSize: 7, events: 7, complete: true, missing: 0, cut: false, keyGiven: true, rootHash: events[6]?.root });
    const some = exportAuditLog(events, events.filter((e) => e.entityId === 'f1'), signer, 'record finding f1', EXPORTED_AT);
    expect(some).toContain('"inclusionProof":[');
    expect(verifyAuditExport(some)).toMatchObject({ ok: true, treeSize: 7, events: 2, complete: false, missing: 5, cut: false, selection: 'record finding f1', keyGiven: false });
  });

  it('verifies histories of several pages, and names the event changed or missing in any of them', () => {
    const events = sealedHistory(Array.from({ length: 2100 }, (_, i) => `t${i}`));
    const whole = exportAuditLog(events, events, signer, WHOLE_HISTORY, EXPORTED_AT);
    expect(verifyAuditExport(whole, key)).toMatchObject({ ok: true, events: 2100, complete: true });
    const lines = whole.split('\n');
    const edited = [...lines];
    edited[1500] = (edited[1500] ?? '').replace('"title":"t1499"', '"title":"t1499!"');
    expect(verifyAuditExport(edited.join('\n'), key)).toMatchObject({ ok: false, line: 1501, seq: 1500, reason: 'Event #1500 was changed: its content no longer matches the hash recorded with it.' });
    // Lines removed from an export of every event cannot be proven without it: refused, naming the first missing.
    const cut = lines.filter((_, i) => i !== 1100);
    expect(verifyAuditExport(cut.join('\n'), key)).toMatchObject({ ok: false, line: 1101, seq: 1100, reason: expect.stringContaining('Event #1100 is missing, and this export carries no inclusion proofs') as unknown });
    expect(verifyAuditExport(lines.slice(0, 2000).join('\n'), key)).toMatchObject({ ok: false, line: null, seq: 2000, reason: expect.stringContaining('Event #2000 is missing') as unknown });
  });

  it('names the first event edited or left out of order, and refuses one changed with its hash, for any history and any event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 30 }).chain((texts) => fc.tuple(fc.constant(texts), fc.integer({ min: 0, max: texts.length - 1 }))),
        ([texts, j]) => {
          const events = sealedHistory(texts);
          const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
          const forged = sealedHistory([...texts.slice(0, j), 'forged-event'])[j];
          const edited = verifyAuditExport(editLine(text, j + 2, (e) => ({ ...e, event: { ...(e.event as object), actor: 'mallory' } })), key);
          // The hash recomputed too: the events no longer make the signed tree.
          const rehashed = verifyAuditExport(editLine(text, j + 2, (e) => ({ ...e, leaf: forged?.leaf, event: JSON.parse(new TextDecoder().decode(eventLeafBytes(forged!))) as unknown })), key);
          const part = exportAuditLog(events, [events[j]!], signer, 'one event', EXPORTED_AT);
          const partRehashed = verifyAuditExport(editLine(part, 2, (e) => ({ ...e, leaf: forged?.leaf, event: JSON.parse(new TextDecoder().decode(eventLeafBytes(forged!))) as unknown })), key);
          const lines = text.split('\n');
          const swapped = j + 3 < lines.length ? [...lines.slice(0, j + 1), lines[j + 2], lines[j + 1], ...lines.slice(j + 3)].join('\n') : undefined;
          return (
            !edited.ok && edited.seq === j + 1 && edited.reason.includes('was changed') &&
            !rehashed.ok && rehashed.reason.includes('do not make the tree the checkpoint signs') &&
            !partRehashed.ok && partRehashed.seq === j + 1 && partRehashed.reason.includes('not in the signed history') &&
            (swapped === undefined || (!verifyAuditExport(swapped, key).ok && (verifyAuditExport(swapped, key) as { reason: string }).reason.includes('out of order')))
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses lines that are not version 2 event lines, and events past the signed tree', () => {
    const events = sealedHistory(['a', 'b', 'c']);
    const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
    expect(verifyAuditExport(`${text}{"seq":4}\n`, key)).toMatchObject({ ok: false, line: 5, reason: 'Line 5 is not an exported event: "leaf" does not follow "seq".' });
    expect(verifyAuditExport(text.replace('"seq":2,', '"seq":02,'), key)).toMatchObject({ ok: false, line: 3, reason: expect.stringContaining('Line 3 is not an exported event') as unknown });
    const longer = sealedHistory(['a', 'b', 'c', 'd']);
    const extra = exportAuditLog(longer, longer, signer, 'every event', EXPORTED_AT).split('\n')[4] ?? '';
    expect(verifyAuditExport(`${text}${extra}\n`, key)).toMatchObject({ ok: false, seq: 4, reason: 'Event #4 is past the 3 events the checkpoint signs.' });
  });

  it('reads an export as an editor may leave it, and hashes the bytes as written, "__proto__" keys and all', () => {
    const events = sealedHistory(['a', 'b'], signer, (e) => ({ ...e, after: JSON.parse('{"title":"t","__proto__":{"x":1}}') as JsonValue }));
    const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
    expect(text).toContain('"__proto__":{"x":1}');
    expect(verifyAuditExport(`\uFEFF${text.replaceAll('\n', '\r\n')}\r\n\r\n`, key)).toMatchObject({ ok: true, events: 2, complete: true });
  });

  it('marks its verdict at the highest marking its records hold, nested ones too, as the history shows each event', () => {
    const events = sealedHistory(['x', 'y', 'z'], signer, (e) => {
      const title = (e.after as { title?: string }).title;
      if (title === 'x') return { ...e, after: { title: 'x', marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }) } as unknown as JsonValue };
      if (title === 'y') return { ...e, after: { title: 'y', records: [{ marking: marking('SECRET') }], note: 'the key "marking": in a string is not one' } as unknown as JsonValue };
      return e;
    });
    const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
    expect(verifyAuditExport(text, key)).toMatchObject({ ok: true, banner: 'SECRET', claimedBanner: 'UNCLASSIFIED' });
    expect(verifyAuditExport(exportAuditLog(events, events.slice(0, 1), signer, 'x', EXPORTED_AT), key)).toMatchObject({ ok: true, banner: 'CUI//SP-PROPIN' });
  });

  it('names the first line wrong across pages checked apart: an event out of order before one changed on the same line', () => {
    const events = sealedHistory(Array.from({ length: 1030 }, (_, i) => `t${i}`));
    const lines = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT).trimEnd().split('\n');
    // Line 1026 (the first of the second page) is event #1 again, changed too.
    const repeated = [...lines];
    repeated[1025] = (lines[1] ?? '').replace('"title":"t0"', '"title":"t0!"');
    expect(verifyAuditExport(repeated.join('\n'), key)).toMatchObject({ ok: false, line: 1026, seq: 1, reason: 'Event #1 comes after #1024: the events are out of order or repeated.' });
  });

  it('knows the packet of an event about a packet or about a record in one', () => {
    expect(packetOfEvent({ entityType: 'packet', entityId: 'p1', before: null, after: { id: 'p1' } })).toBe('p1');
    expect(packetOfEvent({ entityType: 'finding', entityId: 'f1', before: { packetId: 'p2' }, after: null })).toBe('p2');
    expect(packetOfEvent({ entityType: 'trusted-signer', entityId: 's1', before: null, after: { principals: ['x'] } })).toBeNull();
  });
});
