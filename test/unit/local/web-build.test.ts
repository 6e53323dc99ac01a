import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, staleReason, stampName } from '#infra/local/web-build.ts';

/** A repository of its own: a web app of two files, and a shared module. */
const root = mkdtempSync(join(tmpdir(), 'thaogo-web-build-'));
mkdirSync(join(root, 'web', 'src'), { recursive: true });
mkdirSync(join(root, 'shared'));
writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
writeFileSync(
  join(root, 'web', 'vite.config.ts'),
  `import { fileURLToPath } from 'node:url';
export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: 'dist', emptyOutDir: true },
};
`,
);
writeFileSync(
  join(root, 'web', 'index.html'),
  '<!doctype html><title>t</title><script type="module" src="/src/main.js"></script>',
);
writeFileSync(join(root, 'web', 'src', 'main.js'), 'document.title = "Tháo gỡ";\n');
writeFileSync(join(root, 'shared', 'labels.ts'), 'export const a = 1;\n');
const dist = join(root, 'web', 'dist');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Moves a file's time forward, as an edit would. */
function touch(path: string, secondsAhead: number) {
  const at = new Date(Date.now() + secondsAhead * 1000);
  utimesSync(path, at, at);
}

describe('the web build of npm start', () => {
  it('builds when there is no build, says so on one line, and stamps what it built from', async () => {
    expect(staleReason(root)).toBe('not built yet');
    const written: string[] = [];
    expect(await ensureWebBuild((text) => written.push(text), root)).toBe('built');
    expect(written.join('')).toMatch(/^Building the web app… done in \d+\.\d s\n$/);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toContain('/assets/');
    expect(JSON.parse(readFileSync(join(dist, stampName), 'utf8'))).toMatchObject({
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(staleReason(root)).toBeUndefined();
  }, 120_000);

  it('leaves a current build alone, and writes nothing', async () => {
    const written: string[] = [];
    expect(await ensureWebBuild((text) => written.push(text), root)).toBe('current');
    expect(written).toEqual([]);
  });

  it('counts a build stale when a source is edited, added or removed, shared code included', () => {
    touch(join(root, 'shared', 'labels.ts'), 60);
    expect(staleReason(root)).toBe('sources changed since');
    touch(join(root, 'shared', 'labels.ts'), -3600);
    // Back to an older time than the build's: still a change the stamp did not see.
    expect(staleReason(root)).toBe('sources added or removed since');
  });

  it('builds again after a change, and the new build is current', async () => {
    writeFileSync(join(root, 'web', 'src', 'main.js'), 'document.title = "Tháo gỡ 2";\n');
    touch(join(root, 'web', 'src', 'main.js'), 120);
    expect(await ensureWebBuild(() => undefined, root)).toBe('built');
    expect(staleReason(root)).toBeUndefined();
    rmSync(join(dist, stampName));
    expect(staleReason(root)).toBe('built without a stamp');
  }, 120_000);
});
