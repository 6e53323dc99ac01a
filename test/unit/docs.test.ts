import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The design lives in docs/architecture.md and the code points at it by section. These
 * checks keep the pointers true: no comment cites the team's first design document (it is
 * not in the repository), every file a comment or the architecture names exists, and every
 * `docs/architecture.md#<section>` link names a heading the document has.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const architecture = 'docs/architecture.md';
const sourceDirs = ['functions', 'shared', 'infra', 'test', 'bench'];
const sourceFile = /\.(?:ts|mts|mjs|js)$/;

/** Directories a run writes into (bench results, local data): named, never committed. */
const generatedDirs = readFileSync(join(root, '.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.endsWith('/') && !line.startsWith('#'));

function walk(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return walk(path);
    return sourceFile.test(entry.name) ? [path] : [];
  });
}

const sources = sourceDirs.flatMap(walk).map((path) => ({
  path,
  lines: readFileSync(join(root, path), 'utf8').split('\n'),
}));

/** The comment part of a line: a whole `*` or `//` line, or what follows ` // `. */
function commentOf(line: string): string | undefined {
  const trimmed = line.trimStart();
  if (/^(?:\/\*|\*|\/\/)/.test(trimmed)) return trimmed;
  const trailing = line.indexOf(' // ');
  return trailing >= 0 ? line.slice(trailing) : undefined;
}

const comments = sources.flatMap(({ path, lines }) =>
  lines.flatMap((line, i) => {
    const text = commentOf(line);
    return text === undefined ? [] : [{ where: `${path}:${i + 1}`, text }];
  }),
);

/** Repository paths with a file extension: `shared/store/keys.ts`, `docs/architecture.md`. */
const repoPath =
  /(?<![\w./#-])((?:functions|shared|infra|test|bench|docs)\/[\w./-]*\w\.(?:ts|mts|mjs|js|json|md))\b/g;

function citedPaths(text: string): string[] {
  return [...text.matchAll(repoPath)].map((match) => match[1] as string);
}

const isGenerated = (path: string) => generatedDirs.some((dir) => path.startsWith(dir));
const exists = (path: string) => existsSync(join(root, path));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const doc = readFileSync(join(root, architecture), 'utf8');
const anchors = new Set(
  doc
    .split('\n')
    .flatMap((line) => /^#{1,6}\s+(.+)$/.exec(line)?.slice(1, 2) ?? [])
    .map(anchorOf),
);

describe('the architecture document and the comments that point at it', () => {
  it('finds the source files it checks', () => {
    expect(sources.map((s) => s.path)).toContain('shared/domain/visibility.ts');
    expect(sources.map((s) => s.path)).toContain('test/unit/docs.test.ts');
    expect(comments.length).toBeGreaterThan(500);
  });

  it('has no comment that cites the first design document by section or by name', () => {
    const design = /\bdesign\s*§|\bdesign\.md\b|\bsee design\b/i;
    const citing = comments.filter((c) => design.test(c.text)).map((c) => c.where);
    expect(citing).toEqual([]);
  });

  it('has no comment that names a file the repository lacks', () => {
    const missing = comments.flatMap((c) =>
      citedPaths(c.text)
        .filter((path) => !isGenerated(path) && !exists(path))
        .map((path) => `${c.where}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('links only to sections the architecture document has', () => {
    const link = /docs\/architecture\.md#([\w-]+)/g;
    const fromCode = sources.flatMap(({ path, lines }) =>
      lines.flatMap((line, i) =>
        [...line.matchAll(link)].map((m) => ({ where: `${path}:${i + 1}`, anchor: m[1] })),
      ),
    );
    const fromDoc = [...doc.matchAll(/\]\(#([\w-]+)\)/g)].map((m) => ({
      where: architecture,
      anchor: m[1],
    }));
    const links = [...fromCode, ...fromDoc];
    expect(links.length).toBeGreaterThan(0);
    const broken = links.filter((l) => !anchors.has(l.anchor as string));
    expect(broken.map((l) => `${l.where}: #${l.anchor}`)).toEqual([]);
  });

  it('names only files and folders that exist', () => {
    const named = doc.match(/(?<![\w./#-])(?:functions|shared|infra|test|bench|docs)\/[\w./-]*/g);
    expect(named?.length).toBeGreaterThan(10);
    const missing = [...new Set(named)]
      .map((path) => path.replace(/[./]+$/, ''))
      .filter((path) => !isGenerated(path) && !exists(path));
    expect(missing).toEqual([]);
  });

  it('is linked from the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`](${architecture})`);
  });
});
