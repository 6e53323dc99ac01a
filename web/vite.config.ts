import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const apiPort = process.env.API_PORT ?? '3000';

/**
 * The app: built into web/dist, which the local server serves beside the API and CDK
 * deploys to the site bucket. One build serves both runtimes: which sign-in adapter runs
 * is read from /config.json at start, so the deployed build holds no local accounts.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [
    // The app shell offline: a generated service worker precaches the built app (never
    // /api, which no cache answers and no queue replays: the outbox does that, from the
    // page). Registered by main.tsx itself (no inline script: the CSP is script-src 'self').
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: null,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'Tháo gỡ',
        short_name: 'Tháo gỡ',
        description: 'Theo dõi việc tháo gỡ khó khăn, vướng mắc sau các chuyến kiểm tra',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0b3d6e',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/local\//, /^\/config\.json$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Which sign-in runs: needed to start offline, so the last answer is kept.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '/config.json',
            handler: 'NetworkFirst',
            options: {
              cacheName: 'config',
              networkTimeoutSeconds: 5,
              expiration: { maxEntries: 1 },
            },
          },
        ],
      },
    }),
  ],
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
