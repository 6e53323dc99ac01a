/**
 * `npm run dev`: the local runtime of `npm start` on PORT (3000), and Vite's dev server
 * on 5173 in front of it: the app with hot reload, its /api, /local and /config.json
 * proxied to the runtime (web/vite.config.ts).
 */
import { resolve } from 'node:path';
import { repoRoot } from './paths.ts';
import { runLocalSession, runMain } from './session.ts';

const devPort = 5173;

runMain(() =>
  runLocalSession({
    command: 'npm run dev',
    serveApp: async (runtime) => {
      // Read by web/vite.config.ts for its proxy: the runtime's own port.
      process.env.API_PORT = new URL(runtime.api.origin).port;
      const { createServer } = await import('vite');
      const vite = await createServer({
        configFile: resolve(repoRoot, 'web/vite.config.ts'),
        server: { port: devPort, strictPort: true },
      });
      await vite.listen();
      return {
        appUrl: `http://localhost:${devPort}   (hot reload)`,
        lines: [`Local server (the built app, if any): ${runtime.api.origin}`],
        stop: () => vite.close(),
      };
    },
  }),
);
