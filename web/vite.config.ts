import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The console and the API explorer: two pages, bundled into dist-web/ (git-ignored), which the
 * server serves (src/http/console.ts). Everything they load comes from this build: no CDN.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  // The page's own favicon: none from outside.
  publicDir: false,
  build: {
    outDir: here('../dist-web'),
    emptyOutDir: true,
    // The explorer's editor (Monaco) is big by nature; it loads only on /explorer.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { console: here('index.html'), explorer: here('explorer.html') },
      // GraphiQL's dependencies mark their modules "use client" (for React server components): meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
