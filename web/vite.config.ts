import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apiPort = process.env.API_PORT ?? '3000';

/**
 * The app: built into web/dist, which the local server serves beside the API and CDK
 * deploys to the site bucket. One build serves both runtimes: which sign-in adapter runs
 * is read from /config.json at start, so the deployed build holds no local accounts.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev`: hot reload here, the API of `npm start` behind /api.
    proxy: {
      '/api': `http://localhost:${apiPort}`,
      '/config.json': `http://localhost:${apiPort}`,
      '/local': `http://localhost:${apiPort}`,
    },
  },
});
