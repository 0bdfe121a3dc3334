import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy.js';
import { refuseRequest, serveAppRequest } from './app-protocol.js';
import { contentTypeFor, resolveAppFile } from './resolve-app-file.js';

let root: string;
let outside: string;

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'frontier-review-protocol-'));
  root = path.join(base, 'renderer');
  outside = base;
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Frontier Review</title>');
  await writeFile(path.join(root, 'assets', 'index.js'), 'export {};');
  await writeFile(path.join(base, 'secret.txt'), 'outside the renderer');
});

afterAll(async () => {
  await rm(outside, { recursive: true, force: true });
});

describe('resolving app URLs to files', () => {
  it('maps the root and paths inside the renderer', () => {
    expect(resolveAppFile(root, 'app://renderer/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://renderer/assets/index.js')).toBe(path.join(root, 'assets', 'index.js'));
    expect(resolveAppFile(root, 'app://renderer/index.html?x=1#y')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    'app://renderer/../secret.txt',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/%2F..%2F..%2Fsecret.txt',
  ])('never resolves %s outside the renderer', async (url) => {
    const file = resolveAppFile(root, url);
    expect(file === undefined || file.startsWith(root + path.sep)).toBe(true);
    const response = await serveAppRequest(root, { url, method: 'GET' });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it.each(['app://renderer/index.html%00.js', 'app://renderer/a%5cb.js', 'app://other/index.html', 'file:///etc/passwd', 'app://renderer/%E0%A4%A'])(
    'refuses %s outright',
    (url) => {
      expect(resolveAppFile(root, url)).toBeUndefined();
    },
  )

  it('names JavaScript and HTML types that module scripts need', () => {
    expect(contentTypeFor('a/index.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('index.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});

describe('refusing other schemes', () => {
  it('answers every http, https and file request with 403, naming the scheme', async () => {
    const answers = await Promise.all(
      ['https://example.com/', 'http://127.0.0.1:8080/x', 'file:///etc/hostname'].map(async (url) => {
        const response = refuseRequest({ url });
        return `${response.status} ${await response.text()}`;
      }),
    );
    expect(answers).toEqual([
      '403 Refused: Frontier Review works offline and loads nothing from https:',
      '403 Refused: Frontier Review works offline and loads nothing from http:',
      '403 Refused: Frontier Review works offline and loads nothing from file:',
    ]);
  });
});

describe('serving app requests', () => {
  it('serves files with the CSP and no sniffing', async () => {
    const response = await serveAppRequest(root, { url: 'app://renderer/index.html', method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Frontier Review</title>');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('answers 404 for missing files and paths outside, 405 for writes', async () => {
    expect((await serveAppRequest(root, { url: 'app://renderer/missing.js', method: 'GET' })).status).toBe(404);
    const escape = await serveAppRequest(root, { url: 'app://renderer/%2e%2e/secret.txt', method: 'GET' });
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('outside the renderer');
    expect((await serveAppRequest(root, { url: 'app://renderer/index.html', method: 'POST' })).status).toBe(405);
    const head = await serveAppRequest(root, { url: 'app://renderer/assets/index.js', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
