import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORIGIN, sealedHistory, signer, stranger } from '../../test/fixtures/sealed-history.js';
import { WHOLE_HISTORY, exportAuditLog, packetOfEvent, verifyAuditExport } from './log-export.js';
import { formatVerifierKey } from './signed-note.js';
import type { JsonValue } from './audit-event.js';

const EXPORTED_AT = new Date('2026-12-01T09:00:00.000Z');
const key = formatVerifierKey(signer);

/** Edits line `n` (1-based) of an export as JSON. */
function editLine(text: string, n: number, edit: (line: Record<string, unknown>) => Record<string, unknown>): string {
  const lines = text.split('\n');
  lines[n - 1] = JSON.stringify(edit(JSON.parse(lines[n - 1] ?? '{}') as Record<string, unknown>));
  return lines.join('\n');
}

describe('the exported review history', { timeout: 60_000 }, () => {
  it('verifies a whole export as complete, and a filtered one as each event proven in the signed tree', () => {
    const events = sealedHistory(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const whole = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
    expect(verifyAuditExport(whole, key)).toMatchObject({ ok: true, origin: ORIGIN, treeSize: 7, events: 7, complete: true, missing: 0, cut: false, keyGiven: true, rootHash: events[6]?.root });
    const some = exportAuditLog(events, events.filter((e) => e.entityId === 'f1'), signer, 'record finding f1', EXPORTED_AT);
    expect(verifyAuditExport(some)).toMatchObject({ ok: true, treeSize: 7, events: 2, complete: false, missing: 5, cut: false, selection: 'record finding f1', keyGiven: false });
  });

  it('tells a whole export with event lines deleted from a whole one: it verifies, but is not complete, and calls itself what it is not', () => {
    const events = sealedHistory(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const whole = exportAuditLog(events, events, signer, WHOLE_HISTORY, EXPORTED_AT);
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
          const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
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
    const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
    expect(verifyAuditExport(text, formatVerifierKey(stranger))).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('not signed by the key given') as unknown });
    expect(verifyAuditExport(editLine(text, 1, (h) => ({ ...h, treeSize: 2 })), key)).toMatchObject({ ok: false, line: 1, reason: expect.stringContaining('its signed checkpoint says') as unknown });
    expect(verifyAuditExport(`${text}{"seq":4}\n`, key)).toMatchObject({ ok: false, line: 5, reason: expect.stringContaining('Line 5 is not an exported event') as unknown });
    expect(verifyAuditExport('not json\n', key)).toMatchObject({ ok: false, line: 1, reason: 'Line 1 is not JSON.' });
    // An event past the signed tree cannot be slipped in after it.
    const longer = sealedHistory(['a', 'b', 'c', 'd']);
    const extra = exportAuditLog(longer, longer, signer, 'every event', EXPORTED_AT).split('\n')[4] ?? '';
    expect(verifyAuditExport(`${text}${extra}\n`, key)).toMatchObject({ ok: false, seq: 4, reason: 'Event #4 is past the 3 events the checkpoint signs.' });
  });

  it('reads an export as an editor may leave it, and hashes values as written, "__proto__" keys and all', () => {
    const events = sealedHistory(['a', 'b'], signer, (e) => ({ ...e, after: JSON.parse('{"title":"t","__proto__":{"x":1}}') as JsonValue }));
    const text = exportAuditLog(events, events, signer, 'every event', EXPORTED_AT);
    expect(text).toContain('"__proto__":{"x":1}');
    expect(verifyAuditExport(`\uFEFF${text.replaceAll('\n', '\r\n')}\r\n\r\n`, key)).toMatchObject({ ok: true, events: 2, complete: true });
  });

  it('knows the packet of an event about a packet or about a record in one', () => {
    expect(packetOfEvent({ entityType: 'packet', entityId: 'p1', before: null, after: { id: 'p1' } })).toBe('p1');
    expect(packetOfEvent({ entityType: 'finding', entityId: 'f1', before: { packetId: 'p2' }, after: null })).toBe('p2');
    expect(packetOfEvent({ entityType: 'trusted-signer', entityId: 's1', before: null, after: { principals: ['x'] } })).toBeNull();
  });
});
