// Lint, including the layering rules: shared/ uses no Electron, no Node and no DOM; the renderer
// never reaches Node or Electron; only the data layer touches Dexie; electron/ never imports the UI.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noNode = { group: ['node:*', ...builtinModules], message: 'This layer runs without Node; keep Node code in electron/.' };
const noElectron = { name: 'electron', message: 'Only electron/ may use Electron; the renderer reaches it through the host interface.' };
const noRenderer = { group: ['**/renderer/**'], message: 'The renderer is a leaf: nothing imports from it.' };
const noElectronFolder = { group: ['**/electron/**'], message: 'electron/ is a leaf: reach it through shared/ipc and the host interface.' };
const noUiLibraries = {
  group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'dexie', 'dexie/*', 'dexie-react-hooks', '@tanstack/*'],
  message: 'UI and storage libraries belong in the renderer.',
};
const noDatabase = [
  { name: 'dexie', message: 'Only the data layer (renderer/src/data) touches Dexie; use its store and hooks.' },
  {
    group: ['**/data/database*', '**/data/schema*'],
    message: 'Only the data layer touches the database; use ReviewStore and the hooks in data/.',
  },
];

/** Browser and Node globals shared/ must not use, since it runs in both. */
const platformGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global'];

export default tseslint.config(
  { ignores: ['shared/oscal/generated/*.js', 'dist/', 'release/', 'test-results/', 'playwright-report/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./shared/tsconfig.json', './renderer/tsconfig.json', './electron/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/consistent-type-definitions': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // ----- Layering ---------------------------------------------------------------------------
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noNode, noUiLibraries, noRenderer, noElectronFolder] }],
      'no-restricted-globals': ['error', ...platformGlobals.map((name) => ({ name, message: 'shared/ runs in both processes; pass what it needs in.' }))],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noNode, noElectronFolder] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', '__filename'],
    },
  },
  {
    files: ['renderer/src/{app,features,ui,host}/**/*.{ts,tsx}', 'renderer/src/main.tsx'],
    ignores: ['**/*.test.ts', 'renderer/src/main.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, ...noDatabase.filter((d) => 'name' in d)], patterns: [noNode, noElectronFolder, ...noDatabase.filter((d) => 'group' in d)] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { patterns: [noUiLibraries, noRenderer] }],
    },
  },

  // ----- The one way out -------------------------------------------------------------------
  {
    // Every file written and every printout goes through the export gateway, which marks it and
    // records it in the history. Only the gateway, the host that implements the calls and the
    // wiring that hands them over may touch them.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'renderer/src/data/export-gateway.ts', 'renderer/src/host/**', 'renderer/src/app/user-activity.ts', 'renderer/src/main.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "MemberExpression[property.name=/^(saveFile|print|printToPdf)$/][object.name='host']",
          "MemberExpression[property.name='export'][object.property.name='bundles']",
          "MemberExpression[property.name='print'][object.name=/^(window|globalThis|self)$/]",
          "CallExpression[callee.name='print']",
          "VariableDeclarator[init.name='host'] > ObjectPattern > Property[key.name=/^(saveFile|print|printToPdf|bundles)$/]",
        ].map((selector) => ({ selector, message: 'Files and printouts leave only through the export gateway (data/export-gateway.ts), which marks them and records them in the history.' })),
      ],
    },
  },

  // ----- React --------------------------------------------------------------------------------
  {
    files: ['renderer/src/**/*.tsx'],
    extends: [jsxA11y.flatConfigs.strict],
    languageOptions: { globals: globals.browser },
  },
  {
    // Hooks live in .ts files too (use-virtual-rows, use-reasoned-change): the rules follow them there.
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },

  // ----- Tests --------------------------------------------------------------------------------
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
);

