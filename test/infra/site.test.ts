import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Site, spaRewriteCode } from '#infra/constructs/site.ts';
import { siteSecurityHeaders } from '#infra/local/site.ts';

/**
 * The site construct alone, in a stack of its own with a fixed region (so the CSP's Cognito
 * endpoint is a plain string), over a build made here and over no build at all. The whole
 * app, with cdk-nag, is checked in stacks.test.ts.
 */
const region = 'ap-southeast-1';
const work = mkdtempSync(join(tmpdir(), 'thaogo-site-'));
const outdir = join(work, 'cdk.out');

function synthSite(distDir: string, id: string) {
  const app = new App({ outdir: join(outdir, id) });
  const stack = new Stack(app, id, { env: { account: '123456789012', region } });
  const api = new HttpApi(stack, 'Api', { createDefaultStage: false });
  const userPool = new UserPool(stack, 'Users');
  const client = userPool.addClient('WebClient');
  const site = new Site(stack, 'Site', { api, apiStage: 'api', distDir });
  site.deployApp({ userPool, client });
  const assembly = app.synth();
  return { stack, template: Template.fromStack(stack), assembly, outdir: join(outdir, id) };
}

let built: ReturnType<typeof synthSite>;
let bare: ReturnType<typeof synthSite>;

beforeAll(() => {
  const dist = join(work, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><script src="/assets/index-3f9c.js">');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.build-stamp'), '{"files":[]}');
  writeFileSync(join(dist, 'assets', 'index-3f9c.js'), 'console.log(1)');
  built = synthSite(dist, 'Built');
  bare = synthSite(join(work, 'never-built'), 'Bare');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const only = <T>(record: Record<string, T>): [string, T] => {
  const entries = Object.entries(record);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, T];
};
const distribution = () =>
  only(built.template.findResources('AWS::CloudFront::Distribution'))[1].Properties
    .DistributionConfig;
const behavior = (pattern: string) =>
  distribution().CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);

describe('the site bucket', () => {
  it('blocks all public access, encrypts, and refuses requests without TLS', () => {
    const buckets = built.template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
    for (const policy of Object.values(built.template.findResources('AWS::S3::BucketPolicy'))) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets only CloudFront read it, for this distribution alone (origin access control)', () => {
    const [bucketId] = only(
      built.template.findResources('AWS::S3::Bucket', {
        Properties: { LoggingConfiguration: Match.anyValue() },
      }),
    );
    const [distributionId] = only(built.template.findResources('AWS::CloudFront::Distribution'));
    const policy = Object.values(built.template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === bucketId,
    );
    const allows = policy?.Properties.PolicyDocument.Statement.filter(
      (s: { Effect: string }) => s.Effect === 'Allow',
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
    });
    expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(
      `":distribution/",{"Ref":"${distributionId}"}`,
    );
    const [, oac] = only(built.template.findResources('AWS::CloudFront::OriginAccessControl'));
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const s3Origin = distribution().Origins.find(
      (o: { S3OriginConfig?: unknown }) => o.S3OriginConfig,
    );
    expect(s3Origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
    expect(s3Origin.OriginAccessControlId).toBeDefined();
  });

  it('logs the bucket and the distribution into a private log bucket kept a year', () => {
    const [logsId, logs] = only(
      built.template.findResources('AWS::S3::Bucket', {
        Properties: { LoggingConfiguration: Match.absent() },
      }),
    );
    expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([
      { ExpirationInDays: 365, Status: 'Enabled' },
    ]);
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logsId },
        LogFilePrefix: 'site-bucket/',
      },
    });
    expect(distribution().Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logsId, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });
});

describe('the distribution', () => {
  it('redirects pages to HTTPS, refuses plain HTTP on the API, speaks HTTP/2 and 3, serves index.html at /', () => {
    const config = distribution();
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior('/assets/*').ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior('/api/*').ViewerProtocolPolicy).toBe('https-only');
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('sends the API under /api to its stage, uncached, with every method and every viewer header but Host', () => {
    const api = behavior('/api/*');
    const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
    expect(api.CachePolicyId).toBe(cachingDisabled);
    expect(api.OriginRequestPolicyId).toBe(allViewerExceptHostHeader);
    expect(api.AllowedMethods).toEqual([
      'GET',
      'HEAD',
      'OPTIONS',
      'PUT',
      'PATCH',
      'POST',
      'DELETE',
    ]);
    const origin = distribution().Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    const [apiId] = only(built.template.findResources('AWS::ApiGatewayV2::Api'));
    expect(origin.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: apiId }, `.execute-api.${region}.amazonaws.com`]],
    });
    // No origin path: /api/units reaches the stage `api`, route /units.
    expect(origin.OriginPath).toBeUndefined();
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('caches the hashed assets for a year and the pages not at all', () => {
    const [assetsPolicyId, assetsPolicy] = only(
      built.template.findResources('AWS::CloudFront::CachePolicy'),
    );
    expect(behavior('/assets/*').CachePolicyId).toEqual({ Ref: assetsPolicyId });
    expect(assetsPolicy.Properties.CachePolicyConfig).toMatchObject({
      MinTTL: 31_536_000,
      DefaultTTL: 31_536_000,
      MaxTTL: 31_536_000,
    });
    expect(distribution().DefaultCacheBehavior.CachePolicyId).toBe(
      '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    );
  });

  it('answers client routes with index.html and leaves files alone, on the default behavior only', () => {
    const [functionId, fn] = only(built.template.findResources('AWS::CloudFront::Function'));
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(fn.Properties.FunctionCode).toBe(spaRewriteCode);
    expect(distribution().DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    for (const b of distribution().CacheBehaviors) expect(b.FunctionAssociations).toBeUndefined();
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (e: {
      request: { uri: string };
    }) => { uri: string };
    const served = (uri: string) => handler({ request: { uri } }).uri;
    expect(served('/')).toBe('/index.html');
    expect(served('/sign-in')).toBe('/index.html');
    expect(served('/obstacles/01JABCDEF0123456789ABCDEFG')).toBe('/index.html');
    expect(served('/units/xa-an-hung/')).toBe('/index.html');
    expect(served('/config.json')).toBe('/config.json');
    expect(served('/favicon.svg')).toBe('/favicon.svg');
    expect(served('/index.html')).toBe('/index.html');
  });
});

describe('the security headers', () => {
  const policies = () =>
    Object.values(built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map(
      (p) => p.Properties.ResponseHeadersPolicyConfig,
    );

  it('put HSTS (a year or more, subdomains, preload), nosniff, DENY, the referrer and permissions policies on every behavior', () => {
    const [sitePolicyId] = only(
      built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: {
          ResponseHeadersPolicyConfig: {
            SecurityHeadersConfig: { StrictTransportSecurity: { Override: true } },
          },
        },
      }),
    );
    expect(distribution().DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: sitePolicyId,
    });
    expect(behavior('/assets/*').ResponseHeadersPolicyId).toEqual({ Ref: sitePolicyId });
    expect(behavior('/api/*').ResponseHeadersPolicyId).toBeDefined();
    expect(policies()).toHaveLength(2);
    for (const config of policies()) {
      const headers = config.SecurityHeadersConfig;
      expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(
        31_536_000,
      );
      expect(headers.StrictTransportSecurity).toMatchObject({
        IncludeSubdomains: true,
        Preload: true,
      });
      expect(headers.ContentTypeOptions).toBeDefined();
      expect(headers.FrameOptions.FrameOption).toBe('DENY');
      expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
      expect(config.CustomHeadersConfig.Items).toContainEqual(
        expect.objectContaining({
          Header: 'Permissions-Policy',
          Value: 'camera=(self), geolocation=(self), microphone=()',
        }),
      );
    }
  });

  it('allow no inline code and no other origin than the Cognito endpoint of the region', () => {
    const cognito = `https://cognito-idp.${region}.amazonaws.com`;
    for (const config of policies()) {
      const csp = config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
      expect(csp).not.toContain('unsafe-');
      const directives = new Map<string, string[]>(
        csp.split(';').map((d: string) => {
          const [name, ...sources] = d.trim().split(/\s+/);
          return [name, sources];
        }),
      );
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('connect-src')).toEqual(["'self'", cognito]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      const origins = [...directives.values()].flat().filter((s) => s.includes('//'));
      expect(origins).toEqual([cognito]);
    }
  });

  it('are those of the local server, with the Cognito endpoint added to connect-src and HSTS', () => {
    const [, site] = only(
      built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: {
          ResponseHeadersPolicyConfig: {
            SecurityHeadersConfig: { StrictTransportSecurity: { Override: true } },
          },
        },
      }),
    );
    const config = site.Properties.ResponseHeadersPolicyConfig;
    const headers = config.SecurityHeadersConfig;
    const local = siteSecurityHeaders;
    expect(headers.ContentSecurityPolicy.ContentSecurityPolicy).toBe(
      local['Content-Security-Policy']?.replace(
        "connect-src 'self'",
        `connect-src 'self' https://cognito-idp.${region}.amazonaws.com`,
      ),
    );
    expect(local['X-Content-Type-Options']).toBe('nosniff');
    expect(headers.FrameOptions.FrameOption).toBe(local['X-Frame-Options']);
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe(local['Referrer-Policy']);
    expect(config.CustomHeadersConfig.Items).toEqual([
      { Header: 'Permissions-Policy', Value: local['Permissions-Policy'], Override: true },
    ]);
  });

  it("keep the API's own headers where it set them, and force the site's on the files", () => {
    const overrides = policies()
      .map((c) => c.SecurityHeadersConfig.ContentSecurityPolicy.Override)
      .sort();
    expect(overrides).toEqual([false, true]);
    const apiPolicy = only(
      built.template.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: {
          ResponseHeadersPolicyConfig: {
            SecurityHeadersConfig: { StrictTransportSecurity: { Override: false } },
          },
        },
      }),
    )[0];
    expect(behavior('/api/*').ResponseHeadersPolicyId).toEqual({ Ref: apiPolicy });
  });
});

describe('the deployed build', () => {
  const deployments = (template: Template) =>
    Object.entries(template.findResources('Custom::CDKBucketDeployment')).map(
      ([id, r]) => [id, r.Properties, r.DependsOn ?? []] as const,
    );
  const stagedFiles = (outdir: string, zip: string) => {
    const dir = join(outdir, `asset.${zip.replace(/\.zip$/, '')}`);
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : undefined;
  };

  it('deploys the hashed assets first, cached a year and kept from one release to the next', () => {
    const found = deployments(built.template);
    expect(found).toHaveLength(2);
    const [assetsId, assets] = found.find(([, p]) => p.DestinationBucketKeyPrefix) ?? [];
    expect(assets).toMatchObject({
      DestinationBucketKeyPrefix: 'assets/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(stagedFiles(built.outdir, assets?.SourceObjectKeys[0])).toEqual(['index-3f9c.js']);
    const [, , dependsOn] = found.find(([id]) => id !== assetsId) ?? [];
    expect(dependsOn).toContain(assetsId);
  });

  it('deploys index.html, the root files but no dotfile, and config.json with no-cache, pruning all but the assets', () => {
    const [, pages] =
      deployments(built.template).find(([, p]) => !p.DestinationBucketKeyPrefix) ?? [];
    expect(pages).toMatchObject({
      Prune: true,
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(stagedFiles(built.outdir, pages?.SourceObjectKeys[0])).toEqual([
      'favicon.svg',
      'index.html',
    ]);
  });

  it('writes config.json for the Cognito sign-in: the region, this user pool and its client', () => {
    const [, pages] =
      deployments(built.template).find(([, p]) => !p.DestinationBucketKeyPrefix) ?? [];
    const [poolId] = only(built.template.findResources('AWS::Cognito::UserPool'));
    const [clientId] = only(built.template.findResources('AWS::Cognito::UserPoolClient'));
    const markers = Object.values(pages?.SourceMarkers[1] ?? {});
    expect(markers).toEqual([{ Ref: poolId }, { Ref: clientId }]);
    const staged = join(built.outdir, `asset.${pages?.SourceObjectKeys[1].replace(/\.zip$/, '')}`);
    // The ids are filled in at deploy time, where the markers stand.
    expect(JSON.parse(readFileSync(join(staged, 'config.json'), 'utf8'))).toEqual({
      auth: 'cognito',
      region,
      userPoolId: '<<marker:0xbaba:0>>',
      clientId: '<<marker:0xbaba:1>>',
    });
  });

  it('deploys a placeholder page, and warns, when the app is not built', () => {
    const found = deployments(bare.template);
    expect(found).toHaveLength(1);
    const [, pages] = found[0] ?? [];
    expect(stagedFiles(bare.outdir, pages?.SourceObjectKeys[0])).toEqual(['index.html']);
    Annotations.fromStack(bare.stack).hasWarning(
      '/Bare/Site',
      Match.stringLikeRegexp('No web build at .*never-built'),
    );
  });
});
