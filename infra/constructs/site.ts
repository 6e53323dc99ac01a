import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Annotations,
  DefaultStackSynthesizer,
  Duration,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { repoRoot } from '../paths.ts';
import { logBucket } from './log-bucket.ts';

export interface SiteProps {
  /** The HTTP API, reached under `/<apiStage>/*` on the site's own origin. */
  api: IHttpApi;
  /** The API's stage; its name is the path prefix, so `/api/units` reaches the route `/units`. */
  apiStage: string;
  /** The built app (`npm run build:web`); defaults to `web/dist`. */
  distDir?: string;
  /** Where else the app connects: the bucket of attachments, for its uploads and reads. */
  connectSources?: readonly string[];
}

/** What the app reads from `/config.json` to sign in with Cognito. */
export interface SiteAuthConfig {
  userPool: IUserPool;
  client: IUserPoolClient;
}

/**
 * The content security policy of the site (the same on both runtimes, see
 * infra/local/site.ts), given where the app may connect besides its own origin.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", ...connectSources].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export const permissionsPolicy = 'camera=(self), geolocation=(self), microphone=()';

/**
 * Client routes are the app's: a path whose last segment has no file extension
 * (`/obstacles/01J…`, `/tasks`, `/`) is answered with index.html, and the app's router takes
 * it from there. A viewer-request function on the default behavior only, rather than
 * `errorResponses` 403/404 → 200 /index.html: error responses apply to the whole
 * distribution, so they would also turn the API's own 403 and 404 under /api into an HTML
 * page with status 200, and hide a missing asset the same way.
 */
export const spaRewriteCode = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

const placeholderPage = `<!doctype html>
<html lang="vi">
<meta charset="utf-8">
<title>Tháo gỡ</title>
<h1>Tháo gỡ</h1>
<p>Ứng dụng chưa được dựng khi triển khai. Chạy <code>npm run build:web</code> rồi <code>npx cdk deploy</code> lại.</p>
</html>
`;

/**
 * The web app and the API on one origin: a private bucket behind CloudFront (origin access
 * control), the HTTP API under `/api`, the site's security headers, and the build deployed
 * with `/config.json` for the Cognito sign-in (docs/architecture.md#the-deployed-site).
 */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: where the app is, and where digest links point. */
  readonly url: string;
  private readonly distDir: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    // CloudFront's standard logging writes through ACLs, so they stay enabled here only.
    const logs = logBucket(this, 'Logs', {
      of: 'log bucket of the site bucket and of the distribution',
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
    });
    this.distDir = props.distDir ?? resolve(repoRoot, 'web', 'dist');
    const region = Stack.of(this).region;

    // Every release is rebuilt from git, so the bucket is not versioned: a rollback is a
    // deploy of the earlier commit. Nobody reads it but CloudFront (origin access control).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
    });

    const headers = (override: boolean, name: string) =>
      new ResponseHeadersPolicy(this, name, {
        comment: `Thaogo: the site's security headers${override ? '' : ' where the API set none'}`,
        securityHeadersBehavior: {
          // The Cognito sign-in (SRP, TOTP set-up, token refresh) talks to AWS's own user
          // pool endpoint in the stack's region: the one origin the app connects to besides
          // its own. No third party is allowed anywhere.
          contentSecurityPolicy: {
            contentSecurityPolicy: contentSecurityPolicy([
              `https://cognito-idp.${region}.amazonaws.com`,
              ...(props.connectSources ?? []),
            ]),
            override,
          },
          // Two years, subdomains, preload: what hstspreload.org asks for once the site has a
          // domain of its own (a *.cloudfront.net name cannot be preloaded, but gets HSTS).
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(730),
            includeSubdomains: true,
            preload: true,
            override,
          },
          contentTypeOptions: { override },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override },
          referrerPolicy: {
            referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
            override,
          },
        },
        customHeadersBehavior: {
          customHeaders: [{ header: 'Permissions-Policy', value: permissionsPolicy, override }],
        },
      });
    const siteHeaders = headers(true, 'Headers');
    // The functions set their own, stricter headers on API answers (middy's
    // http-security-headers: `default-src 'none'`…); this policy keeps them and fills in the
    // answers API Gateway makes itself (401 from the authorizer, 404, 429).
    const apiHeaders = headers(false, 'ApiHeaders');

    const files = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const spaRewrite = new CloudFrontFunction(this, 'ClientRoutes', {
      comment: 'Thaogo: serve index.html for the paths of client routes',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(spaRewriteCode),
    });
    // Hashed file names (`/assets/index-3f9c….js`) never change content: cache a year.
    const assetsCache = new CachePolicy(this, 'AssetsCache', {
      comment: 'Thaogo: hashed build assets, immutable',
      defaultTtl: Duration.days(365),
      minTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${region}.amazonaws.com`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });
    const assets: BehaviorOptions = {
      origin: files,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: assetsCache,
      responseHeadersPolicy: siteHeaders,
      compress: true,
    };
    const api: BehaviorOptions = {
      origin: apiOrigin,
      // A redirect would turn a POST into a GET and lose its body: plain http is refused.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Nothing of the API is cached at the edge: every answer depends on the caller. With
      // caching disabled, AllViewerExceptHostHeader forwards the viewer's Authorization
      // header too (the bearer token the JWT authorizer checks); Host becomes the API's own:
      // https://repost.aws/knowledge-center/cloudfront-authorization-header
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Thaogo: the web app, and the API under /api',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultRootObject: 'index.html',
      // index.html, config.json and the client routes: never cached at the edge, so a deploy
      // shows at once without an invalidation; browsers revalidate them too (Cache-Control:
      // no-cache, set on the objects). They are small; everything heavy is under /assets.
      defaultBehavior: {
        origin: files,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: siteHeaders,
        functionAssociations: [
          { function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: { '/assets/*': assets, [`/${props.apiStage}/*`]: api },
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the users are city officials who may sign in from anywhere (travel, roaming); access is decided by their Cognito account, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL yet: the site is static files and every API route needs a Cognito access token, with stage throttling. A rate-based web ACL (created in us-east-1) is the next step if abuse is seen.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain yet: the default *.cloudfront.net certificate cannot set a minimum TLS version. With a domain and an ACM certificate in us-east-1, set minimumProtocolVersion TLS_V1_2_2021.',
      },
    );
  }

  /**
   * Deploys the build and `/config.json`. Hashed assets first, kept from one release to the
   * next (a tab open on the previous index.html still finds its chunks), with a year of
   * caching; then index.html, config.json and the other files at the root, `no-cache`,
   * pruned. Without a build (a fresh clone, the infra tests) a placeholder page is deployed
   * and synth warns: CDK never runs the web build itself.
   */
  deployApp({ userPool, client }: SiteAuthConfig): void {
    const built = existsSync(join(this.distDir, 'index.html'));
    const hasAssets = built && existsSync(join(this.distDir, 'assets'));
    if (!built) {
      Annotations.of(this).addWarningV2(
        'thaogo:site-not-built',
        `No web build at ${this.distDir}: a placeholder index.html is deployed. Run npm run build:web before deploying.`,
      );
    }
    // The deployment function's own role and log group, as every function of the product
    // has, instead of the managed AWSLambdaBasicExecutionRole.
    const logGroup = new LogGroup(this, 'DeployLogs', { retention: RetentionDays.THREE_MONTHS });
    const role = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the web build into the site bucket',
    });
    logGroup.grantWrite(role);
    const common = { destinationBucket: this.bucket, role, logGroup };

    const assets = hasAssets
      ? new BucketDeployment(this, 'DeployAssets', {
          ...common,
          sources: [Source.asset(join(this.distDir, 'assets'))],
          destinationKeyPrefix: 'assets/',
          prune: false,
          cacheControl: [
            CacheControl.setPublic(),
            CacheControl.maxAge(Duration.days(365)),
            CacheControl.immutable(),
          ],
        })
      : undefined;
    // Dotfiles are the local build's own (its stamp of the sources), not the site's.
    const rootFiles = built
      ? Source.asset(this.distDir, { exclude: ['assets', '.*'] })
      : Source.data('index.html', placeholderPage);
    const pages = new BucketDeployment(this, 'DeployPages', {
      ...common,
      sources: [
        rootFiles,
        Source.jsonData('config.json', {
          auth: 'cognito',
          region: Stack.of(this).region,
          userPoolId: userPool.userPoolId,
          clientId: client.userPoolClientId,
        }),
      ],
      // Neither copied nor pruned by this deployment: the assets are the other one's.
      exclude: ['assets/*'],
      cacheControl: [CacheControl.noCache()],
    });
    if (assets) pages.node.addDependency(assets);

    const stack = Stack.of(this);
    const named = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    const assetBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${named(stack.account, 'AccountId')}-${named(stack.region, 'Region')}`;
    Validations.of(role).acknowledge(
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*`,
        `Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*`,
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'The deployment syncs the build from the CDK asset bucket into the site bucket (aws s3 sync with prune): it reads the assets, and lists, writes and deletes objects of the site bucket only.',
      })),
    );
    // The copying function is CDK's own (one per stack, shared by both deployments).
    for (const handler of stack.node.children) {
      if (!handler.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The BucketDeployment handler is aws-cdk-lib's, on the Python runtime that aws-cdk-lib pins; it moves with aws-cdk-lib upgrades.",
      });
    }
  }
}
