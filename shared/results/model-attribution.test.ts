import { describe, expect, it } from 'vitest';
import type { BenchmarkRun } from './benchmark-run.js';
import { attributeModel, modelPart, normalizeModelName, referenceModelsOf, subjectModelsAmong, suggestedRole, type ModelUnderReview } from './model-attribution.js';

const ATLAS: ModelUnderReview = { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'snapshot-2026-11-01' };
const SONNET: ModelUnderReview = { developer: 'Anthropic', modelName: 'Claude 3.5 Sonnet', modelVersion: '2024-10-22' };
/** A packet whose version is the model's full id, as developers often give it. */
const SONNET_BY_ID: ModelUnderReview = { developer: 'Anthropic', modelName: 'Claude 3.5 Sonnet', modelVersion: 'claude-3-5-sonnet-20241022' };
const GPT_4O: ModelUnderReview = { developer: 'OpenAI', modelName: 'GPT-4o', modelVersion: '2024-08-06' };

describe('normalizeModelName and modelPart', () => {
  it('ignore case, spaces and punctuation, and take the model after the last slash', () => {
    expect(normalizeModelName('Claude 3.5 Sonnet')).toBe('claude35sonnet');
    expect(normalizeModelName('claude-3-5-sonnet')).toBe('claude35sonnet');
    expect(normalizeModelName('ＧＰＴ－４ｏ')).toBe('gpt4o');
    expect(modelPart('openrouter/anthropic/claude-3.5-sonnet')).toBe('claude-3.5-sonnet');
    expect(modelPart(' gpt-4o ')).toBe('gpt-4o');
  });
});

describe('attributeModel: the model under review', () => {
  it.each([
    ['example/atlas', ATLAS],
    ['example/ATLAS', ATLAS],
    ['vllm/example-ai-atlas', ATLAS],
    ['example/atlas-latest', ATLAS],
    ['anthropic/claude-3-5-sonnet', SONNET],
    ['openrouter/anthropic/claude-3.5-sonnet', SONNET],
    ['openai/gpt-4o', GPT_4O],
    ['openai/GPT_4o', GPT_4O],
  ])('%s is the model under review, its version not stated', (model, subject) => {
    expect(attributeModel(model, subject, [])).toEqual({ kind: 'subject', versionStated: false });
  });

  it.each([
    ['example/atlas-2026-11-01', ATLAS],
    ['example/atlas-snapshot-2026-11-01', ATLAS],
    ['example/atlas@20261101', ATLAS],
    ['anthropic/claude-3-5-sonnet-20241022', SONNET],
    ['anthropic/claude-3-5-sonnet-20241022', SONNET_BY_ID],
    ['bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0', { ...SONNET, modelVersion: '20241022-v2' }],
    ['openai/gpt-4o-2024-08-06', GPT_4O],
  ])('%s is the model under review at the packet’s version', (model, subject) => {
    expect(attributeModel(model, subject, [])).toEqual({ kind: 'subject', versionStated: true });
  });

  it('takes a packet whose version is the whole model id', () => {
    expect(attributeModel('anthropic/claude-3-5-sonnet-20241022', { developer: 'Anthropic', modelName: 'Sonnet', modelVersion: 'claude-3-5-sonnet-20241022' }, [])).toEqual({
      kind: 'subject',
      versionStated: true,
    });
  });
});

describe('attributeModel: anything less is not the model under review', () => {
  it.each([
    ['openai/gpt-4o', ATLAS],
    ['openai/gpt-4o-mini', GPT_4O],
    ['openai/gpt-4o-turbo', GPT_4O],
    ['openai/gpt-4', GPT_4O],
    ['example/atlas-2', ATLAS],
    ['example/atlas2', ATLAS],
    ['example/atlas-mini-2026-11-01', ATLAS],
    ['example/titan-atlas', ATLAS],
    ['anthropic/claude-3-5-haiku-20241022', SONNET],
    ['anthropic/claude-3-sonnet', SONNET],
    ['mockllm/model', ATLAS],
    ['', ATLAS],
  ])('%s is not the model under review', (model, subject) => {
    const attribution = attributeModel(model, subject, []);
    expect(attribution).toEqual({ kind: 'unmatched' });
    expect(suggestedRole(attribution)).toBe('reference');
  });

  it.each([
    ['example/atlas-2026-09-15', ATLAS, '2026-09-15'],
    ['anthropic/claude-3-5-sonnet-20240620', SONNET, '20240620'],
    ['anthropic/claude-3-5-sonnet-20240620', SONNET_BY_ID, '20240620'],
    ['vertex/claude-3-5-sonnet-v2@20241022', SONNET, 'v2@20241022'],
    ['openai/gpt-4o-2024-05-13', GPT_4O, '2024-05-13'],
    // A version is compared whole: v1 is not v12, nor v1.5.
    ['example/atlas-v1', { ...ATLAS, modelVersion: 'v12' }, 'v1'],
    ['example/atlas-v1', { ...ATLAS, modelVersion: 'v1.5' }, 'v1'],
  ])('%s is another version of the model under review', (model, subject, version) => {
    const attribution = attributeModel(model, subject, []);
    expect(attribution).toEqual({ kind: 'other-version', version });
    expect(suggestedRole(attribution)).toBe('reference');
  });

  it('does not take a developer’s prefix from a developer the packet does not name', () => {
    expect(attributeModel('bedrock/meta.atlas', ATLAS, [])).toEqual({ kind: 'unmatched' });
    expect(attributeModel('bedrock/example.atlas', ATLAS, [])).toEqual({ kind: 'subject', versionStated: false });
  });

  it('matches nothing against a packet with no model name', () => {
    expect(attributeModel('example/atlas', { ...ATLAS, modelName: ' ' }, [])).toEqual({ kind: 'unmatched' });
  });
});

describe('attributeModel: reference models', () => {
  const references = ['openai/gpt-4o', 'meta/llama-3.1-70b-instruct'];

  it('names the known reference model a log is of, whatever its case, punctuation, provider or version suffix', () => {
    expect(attributeModel('openai/gpt-4o', ATLAS, references)).toEqual({ kind: 'reference', reference: 'openai/gpt-4o', namesSubject: false });
    expect(attributeModel('OpenAI/GPT_4o', ATLAS, references)).toMatchObject({ kind: 'reference', reference: 'openai/gpt-4o' });
    expect(attributeModel('azureai/gpt-4o-2024-08-06', ATLAS, references)).toMatchObject({ kind: 'reference', reference: 'openai/gpt-4o' });
    expect(attributeModel('hf/meta/Llama 3.1 70B Instruct', ATLAS, references)).toMatchObject({ kind: 'reference', reference: 'meta/llama-3.1-70b-instruct' });
    expect(attributeModel('openai/gpt-4o-mini', ATLAS, references)).toEqual({ kind: 'unmatched' });
  });

  it('files another version of the model under review that the packet holds as a reference under that reference', () => {
    expect(attributeModel('example/atlas-2026-09-15', ATLAS, ['example/atlas-2026-09-15'])).toEqual({ kind: 'reference', reference: 'example/atlas-2026-09-15', namesSubject: false });
  });

  it('keeps a model the packet files as a reference a reference, even when its name would pass for the model under review', () => {
    const attribution = attributeModel('example/atlas', ATLAS, ['Example/Atlas']);
    expect(attribution).toEqual({ kind: 'reference', reference: 'Example/Atlas', namesSubject: true });
    expect(suggestedRole(attribution)).toBe('reference');
    // Another version of it filed as a reference does not stand in the way of the model under review.
    expect(attributeModel('example/atlas', ATLAS, ['example/atlas-2026-09-15'])).toEqual({ kind: 'subject', versionStated: false });
  });

  it('lists a packet’s reference models once each, leaving out the run being changed', () => {
    const run = (id: string, model: string, role: 'subject' | 'reference') => ({ id, model, role }) as BenchmarkRun;
    const runs = [run('1', 'openai/gpt-4o', 'reference'), run('2', 'example/atlas', 'subject'), run('3', 'openai/gpt-4o', 'reference'), run('4', 'meta/llama', 'reference')];
    expect(referenceModelsOf(runs)).toEqual(['openai/gpt-4o', 'meta/llama']);
    expect(referenceModelsOf(runs, '4')).toEqual(['openai/gpt-4o']);
  });
});

describe('suggestedRole', () => {
  it('pre-selects the model under review only for the model under review', () => {
    expect(suggestedRole({ kind: 'subject', versionStated: false })).toBe('subject');
    expect(suggestedRole({ kind: 'other-version', version: 'v1' })).toBe('reference');
    expect(suggestedRole({ kind: 'reference', reference: 'x', namesSubject: false })).toBe('reference');
    expect(suggestedRole({ kind: 'unmatched' })).toBe('reference');
  });
});

describe('subjectModelsAmong: the model under review in a results table', () => {
  it('names the models that are the model under review', () => {
    expect(subjectModelsAmong(['baseline-7', 'atlas-1', 'openai/gpt-4o'], { ...ATLAS, modelVersion: 'atlas-1' }, [])).toEqual(['atlas-1']);
    expect(subjectModelsAmong(['openai/gpt-4o-2024-08-06', 'openai/gpt-4o-mini'], GPT_4O, [])).toEqual(['openai/gpt-4o-2024-08-06']);
    expect(subjectModelsAmong(['example/atlas', 'example/atlas-2026-11-01', 'example/atlas-2026-09-15'], ATLAS, [])).toEqual(['example/atlas', 'example/atlas-2026-11-01']);
  });

  it('names none when no model is, or when the only one is filed as a reference', () => {
    expect(subjectModelsAmong(['baseline-7', 'openai/gpt-4o'], ATLAS, [])).toEqual([]);
    expect(subjectModelsAmong(['example/atlas-2026-09-15'], ATLAS, [])).toEqual([]);
    expect(subjectModelsAmong(['example/atlas'], ATLAS, ['example/atlas'])).toEqual([]);
    expect(subjectModelsAmong([], ATLAS, [])).toEqual([]);
  });
});
