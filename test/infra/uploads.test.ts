/**
 * The bucket of attachments as the service stack synthesizes it: private, encrypted, TLS
 * only, versioned, logged, uploads never registered expiring, CORS for the site alone; each
 * attachment function with the bucket's name and only its own actions on attachments/*;
 * the site's CSP naming the bucket's address; cdk-nag clean (stacks.test.ts reads the report).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#functions/manifest.ts';
import { buildThaogoApp } from '#infra/thaogo-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties, read field by field
type Cfn = Record<string, any>;

const outdir = mkdtempSync(join(tmpdir(), 'thaogo-cdk-uploads-'));
let service: Template;
let report: { pluginReports: { conclusion?: string; violations?: { ruleName?: string }[] }[] };

beforeAll(() => {
  const app = new App({ outdir });
  const stacks = buildThaogoApp(app);
  app.synth();
  service = Template.fromStack(stacks.service);
  report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The bucket of attachments: the one with CORS. */
function uploadsBucket() {
  const buckets = Object.values(
    service.findResources('AWS::S3::Bucket', {
      Properties: { CorsConfiguration: Match.anyValue() },
    }),
  );
  expect(buckets).toHaveLength(1);
  return buckets[0] as { Properties: Cfn; DeletionPolicy?: string };
}

const nameJoin = JSON.stringify({
  'Fn::Join': ['', ['thaogo-uploads-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
});

describe('the bucket of attachments', () => {
  it('is private, encrypted, versioned, logged and kept', () => {
    const bucket = uploadsBucket();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(bucket.Properties.BucketName)).toBe(nameJoin);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration).toMatchObject({
      DestinationBucketName: { Ref: expect.any(String) },
      LogFilePrefix: 'uploads-bucket/',
    });
  });

  it('refuses any request without TLS', () => {
    const policies = Object.values(service.findResources('AWS::S3::BucketPolicy'));
    const denies = policies.flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Cfn[] } } }).Properties.PolicyDocument
          .Statement,
    );
    const forUploads = denies.filter(
      (s) =>
        s.Effect === 'Deny' &&
        s.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
        JSON.stringify(s.Resource).includes('UploadsBucket'),
    );
    expect(forUploads.length).toBeGreaterThan(0);
  });

  it('expires an upload never registered (tagged registered=false) after two days, and old versions after a month', () => {
    const rules = uploadsBucket().Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'unregistered-uploads',
        Status: 'Enabled',
        TagFilters: [{ Key: 'registered', Value: 'false' }],
        ExpirationInDays: 2,
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'old-versions',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      }),
    );
  });

  it('lets only the site origin upload and read across origins', () => {
    const [rule, ...others] = uploadsBucket().Properties.CorsConfiguration.CorsRules;
    expect(others).toEqual([]);
    expect(rule.AllowedMethods.sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins[0])).toContain('DomainName');
    expect(JSON.stringify(rule.AllowedOrigins)).not.toContain('*');
  });

  it("gives each attachment function the bucket's name and only its own actions on attachments/*", () => {
    const expected: Record<string, string[]> = {
      upload: ['s3:PutObject', 's3:PutObjectTagging'],
      register: ['s3:GetObject', 's3:PutObjectTagging'],
      read: ['s3:GetObject'],
    };
    const policies = Object.values(service.findResources('AWS::IAM::Policy')) as {
      Properties: { PolicyDocument: { Statement: Cfn[] } };
    }[];
    const s3Statements = policies.flatMap((p) =>
      p.Properties.PolicyDocument.Statement.filter((s) =>
        [s.Action].flat().some((a: string) => a.startsWith('s3:')),
      ),
    );
    const granted = s3Statements.map((s) => [s.Action].flat().sort().join(','));
    const wanted = Object.values(functions).flatMap((spec) =>
      'uploads' in spec && spec.uploads ? [expected[spec.uploads]?.join(',')] : [],
    );
    // Three of each item type that carries attachments: obstacles, tasks and findings.
    expect(wanted).toHaveLength(9);
    expect(granted.filter((g) => wanted.includes(g)).sort()).toEqual(wanted.sort());
    for (const s of s3Statements.filter((s) =>
      JSON.stringify(s.Resource).includes('thaogo-uploads'),
    )) {
      expect(JSON.stringify(s.Resource)).toContain('/attachments/*');
    }
    const withBucket = Object.values(
      service.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { UPLOAD_BUCKET: Match.anyValue() } } },
      }),
    );
    expect(withBucket).toHaveLength(9);
  });

  it("names the bucket's regional address in the site's connect-src", () => {
    const policies = Object.values(service.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const csp = JSON.stringify(
        (policy as { Properties: Cfn }).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig
          .ContentSecurityPolicy.ContentSecurityPolicy,
      );
      expect(csp).toContain('thaogo-uploads-');
      expect(csp).toContain('.s3.');
    }
  });

  it('passes cdk-nag', () => {
    const failed = report.pluginReports.filter((r) => r.conclusion !== 'success');
    expect(failed.flatMap((r) => r.violations ?? [])).toEqual([]);
  });
});
