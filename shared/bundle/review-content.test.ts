import { describe, expect, it } from 'vitest';
import { SAMPLE_PACKET_FIELDS } from '../../test/fixtures/review-data.js';
import { modelId } from '../model/model.js';
import { ContentProblem, REVIEW_CONTENT_FORMAT, parseReviewContent } from './review-content.js';

const model = { id: modelId(SAMPLE_PACKET_FIELDS.developer, SAMPLE_PACKET_FIELDS.modelName), developer: SAMPLE_PACKET_FIELDS.developer, name: SAMPLE_PACKET_FIELDS.modelName, createdAt: '2026-11-20T10:00:00.000Z' };
const packet = { ...SAMPLE_PACKET_FIELDS, id: 'p1', modelId: model.id, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z', revision: 1 };
const content = (over: Record<string, unknown> = {}) => ({ format: REVIEW_CONTENT_FORMAT, version: 1, packets: [packet], models: [model], findings: [], history: [], ...over });

describe('the review data a bundle carries', () => {
  it('reads packets and models checked as the editors check them', () => {
    expect(parseReviewContent(content()).packets[0]).toMatchObject({ id: 'p1', modelName: SAMPLE_PACKET_FIELDS.modelName });
  });

  it('refuses a packet linked to another model than its own, an invalid field, and a __proto__ key', () => {
    const other = { ...model, id: modelId('Someone', 'Else'), developer: 'Someone', name: 'Else' };
    expect(() => parseReviewContent(content({ packets: [{ ...packet, modelId: other.id }], models: [model, other] }))).toThrow(`Packet p1 names model someone/else, not the model of ${SAMPLE_PACKET_FIELDS.developer} ${SAMPLE_PACKET_FIELDS.modelName}.`);
    expect(() => parseReviewContent(content({ packets: [{ ...packet, modelName: '' }] }))).toThrow(ContentProblem);
    const polluted = JSON.parse(JSON.stringify(packet).replace(/^\{/, '{"__proto__":{"revision":99},')) as unknown;
    expect(() => parseReviewContent(content({ packets: [polluted] }))).toThrow(/packet 1: /);
    expect(() => parseReviewContent(content({ format: 'something-else' }))).toThrow(ContentProblem);
  });
});
