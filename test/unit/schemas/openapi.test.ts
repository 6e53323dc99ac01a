import { resolve } from 'node:path';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { functions } from '#functions/manifest.ts';
import { repoRoot } from '#infra/paths.ts';
import { apiServerUrl, buildOpenApiDocument } from '#shared/schemas/openapi.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
type Json = Record<string, any>;

async function lint(document: Json) {
  const config = await loadConfig({ configPath: resolve(repoRoot, 'redocly.yaml') });
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: resolve(repoRoot, 'openapi.json'),
    config,
  });
  return problems.map((problem) => ({
    severity: problem.severity,
    rule: problem.ruleId,
    at: problem.location[0]?.pointer,
    message: problem.message,
  }));
}

describe('the OpenAPI document', () => {
  const document: Json = buildOpenApiDocument({ version: 'test', routes: functions });

  it('R6: passes Redocly’s recommended rules with no error and no warning', async () => {
    expect(await lint(document)).toEqual([]);
  });

  it('R6: the lint config turns off only rules it gives a reason for', async () => {
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(resolve(repoRoot, 'redocly.yaml'), 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (!/:\s*off\s*$/.test(line)) return;
      expect(lines[index - 1], `reason above "${line.trim()}"`).toMatch(/^\s*#/);
    });
  });

  it('R6: the linter sees what this test guards against (servers, unused components)', async () => {
    const broken = structuredClone(document);
    broken.servers = [];
    broken.components.schemas.Unused = { type: 'string' };
    const rules = (await lint(broken)).map((problem) => problem.rule);
    expect(rules).toContain('no-empty-servers');
    expect(rules).toContain('no-unused-components');
  });

  it('R6: names a relative server, configurable in one place', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: apiServerUrl })]);
    expect(apiServerUrl).toBe('/api');
    const mounted = buildOpenApiDocument({ version: 'test', serverUrl: '/v2', routes: functions });
    expect(mounted.servers).toEqual([expect.objectContaining({ url: '/v2' })]);
  });

  it('R6: lists only the components the paths use, the same whatever modules are loaded', async () => {
    // The directory's schemas are registered when their module loads, whether or not a
    // route uses them.
    await import('#shared/schemas/directory.ts');
    const after: Json = buildOpenApiDocument({ version: 'test', routes: functions });
    expect(Object.keys(after.components.schemas)).toEqual(Object.keys(document.components.schemas));
    for (const unused of ['Org', 'Leader', 'Task']) {
      expect(Object.keys(after.components.schemas)).not.toContain(unused);
    }
  });

  it('R6: an exhaustive record (Rollup.counts) defines every property it requires', () => {
    const counts = document.components.schemas.Rollup.properties.counts;
    expect(Object.keys(counts.properties).sort()).toEqual([...counts.required].sort());
    expect(counts.additionalProperties).toBe(false);
    expect(counts.propertyNames).toBeUndefined();
  });

  it('R6: every response body has a media type with a schema, text ones included', () => {
    for (const [path, operations] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(operations as Json)) {
        const ok = (operation as Json).responses['200'] ?? (operation as Json).responses['201'];
        expect(ok?.content, `${method} ${path}`).toBeDefined();
        for (const media of Object.values(ok.content as Json)) {
          expect((media as Json).schema, `${method} ${path}`).toBeDefined();
        }
      }
    }
    const csv = document.paths['/obstacles/export.csv'].get.responses['200'];
    expect(csv.content).toEqual({ 'text/csv; charset=utf-8': { schema: { type: 'string' } } });
    expect(Object.keys(document.paths['/openapi.json'].get.responses['200'].content)).toEqual([
      'application/json',
    ]);
  });

  it("R6: documents a finding's attachment routes under its visit, with both path parameters", () => {
    const base = '/visits/{visitId}/findings/{findingId}/attachments';
    const operations = [
      [`${base}/uploads`, 'post', 'requestFindingUpload'],
      [base, 'post', 'addFindingAttachment'],
      [base, 'get', 'listFindingAttachments'],
      [`${base}/{attachmentId}`, 'get', 'getFindingAttachment'],
    ] as const;
    for (const [path, method, operationId] of operations) {
      const operation = document.paths[path][method];
      expect(operation.operationId).toBe(operationId);
      expect(operation.tags).toEqual(['visits']);
      const inPath = operation.parameters
        .filter((p: Json) => p.in === 'path')
        .map((p: Json) => p.name);
      expect(inPath).toEqual(
        path.endsWith('{attachmentId}')
          ? ['visitId', 'findingId', 'attachmentId']
          : ['visitId', 'findingId'],
      );
    }
    const attachment = document.components.schemas.AttachmentView;
    expect(attachment.properties.itemType.enum).toEqual(['obstacle', 'task', 'finding']);
    expect(attachment.properties.key).toBeUndefined();
  });

  it('R6: declares the headers each response carries, from its contract', () => {
    const headers = (path: string, method: string, status: number) =>
      document.paths[path][method].responses[String(status)].headers ?? {};
    expect(headers('/obstacles/{id}', 'get', 200).ETag).toMatchObject({ required: true });
    expect(headers('/tasks/{id}/transitions', 'post', 200).ETag).toMatchObject({
      required: true,
    });
    expect(headers('/obstacles', 'post', 201)).toMatchObject({
      ETag: { required: true },
      Location: { required: true },
      'Idempotent-Replayed': { required: false },
    });
    expect(headers('/obstacles/export.csv', 'get', 200)['X-Row-Count']).toMatchObject({
      required: true,
      schema: { type: 'integer' },
    });
    for (const operations of Object.values(document.paths as Json)) {
      for (const operation of Object.values(operations as Json)) {
        const { responses } = operation as Json;
        expect(responses['503'].headers['Retry-After']).toMatchObject({ required: true });
        expect(responses['401'].headers['WWW-Authenticate']).toMatchObject({ required: true });
      }
    }
  });
});
