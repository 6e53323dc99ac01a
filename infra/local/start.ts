/**
 * `npm start`: the product on this machine. Builds the web app if its build is stale,
 * then serves the app, its API under /api and the local sign-in on one port; prints the
 * app's address, a token per role and a curl line.
 */
import { runLocalSession, runMain } from './session.ts';
import { ensureWebBuild } from './web-build.ts';

runMain(() =>
  runLocalSession({
    command: 'npm start',
    prepare: async () => {
      try {
        await ensureWebBuild();
      } catch (error) {
        // The API serves without the app; the app's pages say how to build it.
        console.error(error instanceof Error ? error.message : error);
        console.error(
          'The web app did not build; the API still runs. Fix it, then: npm run build:web',
        );
      }
    },
    serveApp: async (runtime) => ({ appUrl: runtime.api.origin, lines: [] }),
  }),
);
