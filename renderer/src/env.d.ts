/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** package.json's version, injected at build time. */
  readonly VITE_APP_VERSION: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
