import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The dev server's hot reload needs an inline script the CSP forbids, so `npm run dev` drops
 * the CSP meta tag. Builds keep it; `npm run web` and the desktop app always run a build.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'frontier-review:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/**
 * The preview server (end-to-end tests, benchmarks) sends the page's CSP as a header too, as the
 * desktop app's protocol does, so worker scripts run under the same policy as in the app.
 */
const indexHtml = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
const contentSecurityPolicy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1];
if (!contentSecurityPolicy) throw new Error('renderer/index.html has no Content-Security-Policy meta tag');

export default defineConfig({
  root,
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  define: {
    'import.meta.env.VITE_APP_VERSION': JSON.stringify(pkg.version),
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // No data: URLs: the session blocks them and the CSP does not allow them.
    assetsInlineLimit: 0,
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: { 'Content-Security-Policy': contentSecurityPolicy } },
});
