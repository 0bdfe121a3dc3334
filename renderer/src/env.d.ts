// What the Vite build provides to the renderer, declared by hand: vite/client's types would
// bring Node's along, and the renderer must not type-check against Node.

interface ImportMetaEnv {
  /** package.json's version, injected at build time. */
  readonly VITE_APP_VERSION: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

/** Stylesheets are imported for their effect; Vite bundles them. */
declare module '*.css';

/** A stylesheet as text (`?inline`), for a file that must carry its styles inside it. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
