import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, httpFunctions, routeKey } from '#functions/manifest.ts';
import { buildRouteTable } from '#infra/local/server.ts';
import { buildThaogoApp } from '#infra/thaogo-app.ts';
import { table } from '#shared/store/table.ts';

const outdir = mkdtempSync(join(tmpdir(), 'thaogo-cdk-'));
let data: Template;
let service: Template;

/** The functions of the manifest as the service stack builds them: one each, on Node.js. */
function productLambdas() {
  const lambdas = Object.values(
    service.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: Match.stringLikeRegexp('^nodejs') },
    }),
  );
  expect(lambdas).toHaveLength(Object.keys(functions).length);
  return lambdas;
}
let report: { pluginReports: { conclusion?: string; violations?: unknown[] }[] };

beforeAll(() => {
  const app = new App({ outdir });
  const stacks = buildThaogoApp(app);
  app.synth();
  data = Template.fromStack(stacks.data);
  service = Template.fromStack(stacks.service);
  report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('data stack', () => {
  it('keeps the data: RETAIN, point-in-time recovery, deletion protection', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('has the keys, indexes and TTL of the shared table definition', () => {
    const tables = data.findResources('AWS::DynamoDB::GlobalTable');
    const props = Object.values(tables)[0]?.Properties;
    expect(props.KeySchema).toEqual([
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ]);
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: table.timeToLiveAttribute,
      Enabled: true,
    });
    expect(props.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual(
      table.indexes.map((i) => i.indexName),
    );
  });
});

describe('service stack', () => {
  it('synthesizes exactly the routes of the manifest and of the local server', () => {
    const routes = service.findResources('AWS::ApiGatewayV2::Route');
    const synthesized = Object.values(routes)
      .map((r) => r.Properties.RouteKey as string)
      .sort();
    const manifest = httpFunctions()
      .map((fn) => routeKey(fn.route))
      .sort();
    const local = buildRouteTable()
      .map((route) => route.key)
      .sort();
    expect(synthesized).toEqual(manifest);
    expect(local).toEqual(manifest);
  });

  it('puts the Cognito JWT authorizer on every route', () => {
    const authorizers = service.findResources('AWS::ApiGatewayV2::Authorizer', {
      Properties: { AuthorizerType: 'JWT' },
    });
    const [authorizerId] = Object.keys(authorizers);
    expect(Object.keys(authorizers)).toHaveLength(1);
    const routes = Object.values(service.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.length).toBe(httpFunctions().length);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    const jwt = Object.values(authorizers)[0]?.Properties.JwtConfiguration;
    expect(JSON.stringify(jwt.Issuer)).toContain('cognito-idp');
  });

  it('serves the API on one stage, `api`, the path prefix of the site, with access logs and throttling', () => {
    const stages = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    expect(stages[0]?.Properties).toMatchObject({
      StageName: 'api',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: expect.anything() },
      DefaultRouteSettings: {
        ThrottlingRateLimit: expect.any(Number),
        ThrottlingBurstLimit: expect.any(Number),
      },
    });
    const [apiId] = Object.keys(service.findResources('AWS::ApiGatewayV2::Api'));
    const [distribution] = Object.values(service.findResources('AWS::CloudFront::Distribution'));
    const config = distribution?.Properties.DistributionConfig;
    const api = config.CacheBehaviors.find(
      (b: { PathPattern: string }) => b.PathPattern === '/api/*',
    );
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(`{"Ref":"${apiId}"},".execute-api.`);
    expect(origin.OriginPath).toBeUndefined();
  });

  it('points the links of the digests at the site', () => {
    const [distributionId] = Object.keys(service.findResources('AWS::CloudFront::Distribution'));
    const siteUrl = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    };
    const mailing = Object.values(service.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.APP_BASE_URL,
    );
    const expected = Object.values(functions).filter(
      (spec) => 'sendsMail' in spec && spec.sendsMail,
    );
    expect(mailing).toHaveLength(expected.length);
    for (const fn of mailing)
      expect(fn.Properties.Environment.Variables.APP_BASE_URL).toEqual(siteUrl);
    service.hasOutput('SiteUrl', { Value: siteUrl });
  });

  it('builds one Lambda per manifest entry with the shared defaults', () => {
    const lambdas = productLambdas();
    for (const fn of lambdas) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect(fn.Properties.MemorySize).toBeGreaterThan(0);
      expect(fn.Properties.Timeout).toBeGreaterThan(0);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    service.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: Match.anyValue(),
    });
  });

  it('grants table access from the manifest: none, read without Scan, or read-write', () => {
    const policies = Object.values(service.findResources('AWS::IAM::Policy'));
    const actionsOf = (fnName: string) =>
      policies
        .filter((p) =>
          JSON.stringify(p.Properties.Roles).includes(
            `${fnName[0]?.toUpperCase()}${fnName.slice(1)}Role`,
          ),
        )
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
        .filter((a: string) => a.startsWith('dynamodb:'));
    expect(actionsOf('health')).toEqual([]);
    const read = actionsOf('listUnits');
    expect(read).toContain('dynamodb:Query');
    expect(read).not.toContain('dynamodb:Scan');
    expect(read).not.toContain('dynamodb:PutItem');
    const text = JSON.stringify(policies);
    expect(text).not.toContain('index/*');
  });

  it('gives the cursor key to the functions that sign cursors, and to no other', () => {
    const lambdas = Object.values(service.findResources('AWS::Lambda::Function'));
    const withKey = lambdas.filter((fn) => fn.Properties.Environment?.Variables?.CURSOR_KEY);
    const expected = Object.values(functions).filter((spec) => 'cursors' in spec && spec.cursors);
    expect(withKey).toHaveLength(expected.length);
    for (const fn of withKey) {
      expect(JSON.stringify(fn.Properties.Environment.Variables.CURSOR_KEY)).toContain(
        'resolve:secretsmanager',
      );
    }
  });

  it('lets the app client read but not write the unit and org attributes', () => {
    service.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ReadAttributes: Match.arrayWith(['custom:orgId', 'custom:unitId']),
      WriteAttributes: Match.not(Match.arrayWith(['custom:unitId'])),
    });
    const client = Object.values(service.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(client?.Properties.WriteAttributes).not.toContain('custom:orgId');
    expect(client?.Properties.AllowedOAuthFlows).toBeUndefined();
    for (const group of ['delegation', 'city-office', 'commune']) {
      service.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    service.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      LambdaConfig: { PreTokenGenerationConfig: Match.objectLike({ LambdaVersion: 'V2_0' }) },
    });
  });

  it('signs in with SRP and an authenticator code only: no password flow, no secret, no SMS, no hosted UI', () => {
    service.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
    });
    const clients = Object.values(service.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(clients[0]?.Properties).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect(service.findResources('AWS::Cognito::UserPoolDomain')).toEqual({});
  });

  it('tells the app, in config.json, the user pool and client the authorizer accepts', () => {
    const [poolId] = Object.keys(service.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(service.findResources('AWS::Cognito::UserPoolClient'));
    const deployments = Object.values(service.findResources('Custom::CDKBucketDeployment'));
    const markers = deployments.flatMap((d) =>
      ((d.Properties.SourceMarkers ?? []) as Record<string, unknown>[]).flatMap(Object.values),
    );
    expect(markers).toContainEqual({ Ref: poolId });
    expect(markers).toContainEqual({ Ref: clientId });
    const [authorizer] = Object.values(service.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer?.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
  });

  it('M4: gives accounts a leader attribute that the app client reads but cannot write', () => {
    service.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'leaderId', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const client = Object.values(service.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(client?.Properties.ReadAttributes).toContain('custom:leaderId');
    expect(client?.Properties.WriteAttributes).not.toContain('custom:leaderId');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on the app', () => {
    const violations = report.pluginReports.flatMap((r) => r.violations ?? []);
    expect(violations).toEqual([]);
  });

  it('does report findings on a construct that breaks its rules (the check is live)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thaogo-nag-'));
    try {
      const app = new App({ outdir: dir });
      new Bucket(new Stack(app, 'Careless'), 'OpenBucket');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).toThrow();
      const careless = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8'));
      expect(JSON.stringify(careless)).toContain('AwsSolutions-S1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cdk synth', () => {
  it('works from the command line, offline, with cdk-nag passing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thaogo-synth-'));
    try {
      const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', dir], {
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      });
      expect(result.stderr).not.toMatch(/AwsSolutions-/);
      expect(result.status).toBe(0);
      expect(existsSync(join(dir, 'ThaogoService.template.json'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scheduled digests', () => {
  const expected: Record<string, string> = {
    EndOfDayDigest: 'cron(0 17 ? * MON-FRI *)',
    EscalationDigest: 'cron(0 8 ? * MON-FRI *)',
    WeeklyDigest: 'cron(0 7 ? * MON *)',
  };

  it('runs each at its time in Asia/Ho_Chi_Minh, from the scheduled time, with retries and a dead-letter queue', () => {
    const schedules = Object.entries(service.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(Object.keys(expected).length);
    for (const [logicalId, schedule] of schedules) {
      const name = Object.keys(expected).find((n) => logicalId.startsWith(n)) as string;
      const props = schedule.Properties;
      expect(props.ScheduleExpression).toBe(expected[name]);
      expect(props.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
      expect(props.Target.RetryPolicy).toEqual({
        MaximumEventAgeInSeconds: 21_600,
        MaximumRetryAttempts: 3,
      });
      expect(props.Target.DeadLetterConfig.Arn).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^DigestDeadLetters/), 'Arn'],
      });
      expect(JSON.parse(props.Target.Input)).toEqual({
        scheduledTime: '<aws.scheduler.scheduled-time>',
      });
    }
  });

  it('sends errors inside a digest function to the same dead-letter queue', () => {
    const configs = Object.values(service.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(3);
    for (const config of configs) {
      expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^DigestDeadLetters/), 'Arn'],
      });
    }
  });

  it('gives digest functions only what they use: the table, SES on one identity, their logs', () => {
    const policies = Object.values(service.findResources('AWS::IAM::Policy')).filter((p) =>
      /EndOfDayDigestRole|EscalationDigestRole|WeeklyDigestRole/.test(
        JSON.stringify(p.Properties.Roles),
      ),
    );
    const actions = new Set(
      policies
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .flatMap((s: { Action: string | string[] }) => [s.Action].flat()),
    );
    expect(
      [...actions].filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:')).sort(),
    ).toEqual(['ses:SendEmail', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(actions.has('dynamodb:Scan')).toBe(false);
    const ses = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((s: { Action: string }) => s.Action === 'ses:SendEmail');
    expect(JSON.stringify(ses.Resource)).toContain(':identity/haiphong.example');
  });
});

describe('alarms', () => {
  const topicRef = () => {
    const topics = Object.keys(service.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    return { Ref: topics[0] };
  };
  const alarm = (idPrefix: string) => {
    const found = Object.entries(service.findResources('AWS::CloudWatch::Alarm')).filter(([id]) =>
      id.startsWith(idPrefix),
    );
    expect(found).toHaveLength(1);
    return found[0]?.[1].Properties;
  };

  it('sends both alarms, and nothing else, to one topic that the stack outputs', () => {
    const alarms = Object.values(service.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(2);
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([topicRef()]);
    service.hasOutput('AlarmTopicArn', { Value: topicRef() });
  });

  it('alarms as soon as one message waits in the digest dead-letter queue', () => {
    expect(alarm('DigestDeadLettersAlarm')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [expect.stringMatching(/^DigestDeadLetters/), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when more than 5% of the HTTP API requests in 5 minutes answer 5xx', () => {
    const props = alarm('ApiServerErrorsAlarm');
    expect(props).toMatchObject({
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    const [apiId] = Object.keys(service.findResources('AWS::ApiGatewayV2::Api'));
    const stat = (id: string, name: string) => ({
      Id: id,
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApiGateway',
          MetricName: name,
          Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
        },
        Period: 300,
        Stat: 'Sum',
      },
    });
    expect(props.Metrics).toEqual([
      expect.objectContaining({ Expression: '100 * errors / requests', ReturnData: true }),
      stat('errors', '5xx'),
      stat('requests', 'Count'),
    ]);
  });

  it('encrypts the topic with a rotated key CloudWatch may use, and refuses publishing without TLS', () => {
    const [topic] = Object.values(service.findResources('AWS::SNS::Topic'));
    const [keyId, key] = Object.entries(service.findResources('AWS::KMS::Key'))[0] ?? [];
    expect(topic?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    service.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef()],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('gives every function its metrics namespace and service name', () => {
    const lambdas = productLambdas();
    for (const fn of lambdas) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_METRICS_NAMESPACE: 'Thaogo',
        POWERTOOLS_SERVICE_NAME: 'thaogo',
      });
    }
  });
});
