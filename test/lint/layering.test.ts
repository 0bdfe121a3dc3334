import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Lints `code` as if it were the file at `filePath`, with the project's own configuration. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    // Snippets are not in a TypeScript project, so only the syntactic rules run here.
    overrideConfig: [tseslint.configs.disableTypeChecked],
  });
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('layering rules', () => {
  it('let files and printouts leave only through the export gateway', async () => {
    const code = [
      "const { host } = useServices();",
      "void host.saveFile({ title: 'x', suggestedName: 'x.csv', filters: [], data: new Uint8Array() });",
      'void host.print();',
      'void host.printToPdf();',
      'window.print();',
      'print();',
      'void host.bundles.export(request);',
      'const { saveFile } = host;',
      'const { printToPdf } = host;',
    ].join('\n');
    const errors = await layeringErrors('renderer/src/features/packets/Example.tsx', code);
    expect(errors).toHaveLength(8);
    expect(errors[0]).toContain('only through the export gateway');
    // The gateway itself, and the host that implements the calls, may.
    expect(await layeringErrors('renderer/src/data/export-gateway.ts', code)).toEqual([]);
    expect(await layeringErrors('renderer/src/host/browser-host.ts', code)).toEqual([]);
  });

  it('keep Node, Electron, the DOM and UI libraries out of shared/', async () => {
    const errors = await layeringErrors(
      'shared/example.ts',
      [
        "import { readFile } from 'node:fs/promises';",
        "import path from 'path';",
        "import { app } from 'electron';",
        "import { Dexie } from 'dexie';",
        "import { useState } from 'react';",
        "import { ReviewStore } from '../renderer/src/data/review-store.js';",
        'export const width = window.innerWidth + document.title.length;',
        'export const env = process.env;',
      ].join('\n'),
    );
    // Six imports, and window, document and process.
    expect(errors).toHaveLength(9);
    expect(errors[0]).toContain('This layer runs without Node');
    expect(errors[2]).toContain('Only electron/ may use Electron');
    expect(errors[3]).toContain('UI and storage libraries belong in the renderer');
    expect(errors.at(-1)).toContain('shared/ runs in both processes');
  });

  it('keep Node and Electron out of the renderer', async () => {
    const errors = await layeringErrors(
      'renderer/src/data/example.ts',
      ["import os from 'node:os';", "import { ipcRenderer } from 'electron';", "import { hostChannel } from '../../../electron/preload/host-bridge.js';", 'export const p = process.platform;'].join('\n'),
    );
    expect(errors).toHaveLength(4);
  });

  it('keep UI code away from Dexie and the database: changes go through the data layer', async () => {
    const errors = await layeringErrors(
      'renderer/src/features/packets/Example.tsx',
      ["import { Dexie } from 'dexie';", "import { ReviewDatabase } from '../../data/database.js';", "import { defineSchema } from '../../data/schema.js';"].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringContaining('Only the data layer (renderer/src/data) touches Dexie'),
      expect.stringContaining('Only the data layer touches the database'),
      expect.stringContaining('Only the data layer touches the database'),
    ]);
    // The data layer itself may.
    expect(await layeringErrors('renderer/src/data/example.ts', "import { Dexie } from 'dexie';")).toEqual([]);
  });

  it('keep the UI out of electron/', async () => {
    const errors = await layeringErrors(
      'electron/main/example.ts',
      ["import { createRoot } from 'react-dom/client';", "import { App } from '../../renderer/src/app/App.js';", "import fs from 'node:fs';"].join('\n'),
    );
    expect(errors).toHaveLength(2);
  });
});
