import {
  CfnOutput,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type FunctionName, type FunctionSpec, functions, roles } from '#functions/manifest.ts';
import { Site } from './constructs/site.ts';
import { ThaogoFunction } from './constructs/thaogo-function.ts';
import { UploadBucket } from './constructs/uploads.ts';

export interface ServiceStackProps extends StackProps {
  table: ITableV2;
  version: string;
  mail?: {
    /** The verified SES identity digests are sent from (a domain or an address). */
    identity: string;
    from: string;
    /** Where the links in a digest point (the web app); by default the site's own address. */
    appBaseUrl?: string;
    /** The office that receives city-wide digests. */
    cityOfficeOrg: string;
  };
}

/** The API's one stage; its name is the path under which the site serves the API. */
export const apiStageName = 'api';

/**
 * The service: Cognito for identities, an HTTP API whose every route needs a valid
 * access token, one Lambda per manifest entry, and the site that serves the web app and,
 * on the same origin under /api, the API.
 */
export class ServiceStack extends Stack {
  readonly api: HttpApi;
  readonly userPool: UserPool;
  readonly site: Site;
  readonly uploads: UploadBucket;
  readonly functions = new Map<FunctionName, ThaogoFunction>();

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);

    // Signs list cursors, so a cursor cannot be forged or carried to another caller's list.
    const cursorKey = new Secret(this, 'CursorKey', {
      description: 'Thaogo: HMAC key of list cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(cursorKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating this key only invalidates list cursors in flight (clients restart from page one); it is rotated by redeploying, not by a rotation Lambda.',
    });

    for (const [name, spec] of Object.entries(functions) as [FunctionName, FunctionSpec][]) {
      const construct = new ThaogoFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}`, {
        name,
        spec,
        table: props.table,
        version: props.version,
      });
      // Resolved by CloudFormation at deploy time; the value never appears in the template.
      if (spec.cursors)
        construct.fn.addEnvironment('CURSOR_KEY', cursorKey.secretValue.unsafeUnwrap());
      this.functions.set(name, construct);
    }

    // Accounts are created by administrators for officials: no self sign-up, MFA required
    // (an authenticator app's code; no SMS), and threat protection on (the Plus plan)
    // because these accounts direct public work. The first sign-in sets a new password, then
    // the authenticator.
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      userInvitation: {
        emailSubject: 'Tài khoản Tháo gỡ của anh/chị',
        // The site exists only further down; its address is read when the stack is synthesized.
        emailBody: `Tài khoản Tháo gỡ của anh/chị đã được tạo. Tên đăng nhập: {username}. Mật khẩu tạm thời: {####}. Trong 7 ngày, đăng nhập tại ${Lazy.string({ produce: () => this.site.url })} để đặt mật khẩu mới và cài ứng dụng xác thực.`,
      },
      signInAliases: { email: true },
      featurePlan: FeaturePlan.PLUS,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        // The invitation says so: a temporary password is good for 7 days.
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        unitId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        orgId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        // A delegation's leaders: one id, or up to 8 joined by commas (8 × 64 + 7).
        leaderId: new StringAttribute({ minLen: 1, maxLen: 519, mutable: true }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Role ${role}` });
    }
    const preToken = this.functions.get('preTokenGeneration');
    if (preToken) {
      this.userPool.addTrigger(
        UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
        preToken.fn,
        LambdaVersion.V2_0,
      );
    }
    // The unit, org and leaders of a user are set by administrators; the client may read,
    // not write, them.
    const client = this.userPool.addClient('WebClient', {
      // SRP only (and refresh): the password never leaves the browser. No hosted UI, so no
      // OAuth flows (implicit least of all), and no secret: the client is a browser app.
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // A first sign-in sets a password, then scans the authenticator's QR code and enters
      // a code, all in one session: Cognito's default 3 minutes is short for that.
      authSessionValidity: Duration.minutes(10),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes('unitId', 'orgId', 'leaderId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [client],
    });
    this.api = new HttpApi(this, 'Api', {
      description: 'Thaogo: follow-up of inspection visits',
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
    });
    // One named stage and no $default: its name is the path prefix (the API answers
    // /api/units with the route /units), the same on AWS as on one machine.
    new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: apiStageName,
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    for (const [name, fn] of this.functions) {
      const route = (functions[name] as FunctionSpec).http;
      if (!route) continue;
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as never],
        integration: new HttpLambdaIntegration(`${name}Integration`, fn.fn),
      });
    }

    this.site = new Site(this, 'Site', {
      api: this.api,
      apiStage: apiStageName,
      // The browser uploads photos to the bucket of attachments and reads them from it.
      connectSources: [UploadBucket.endpointOf()],
    });
    this.site.deployApp({ userPool: this.userPool, client });

    this.uploads = new UploadBucket(this, 'Uploads', { siteOrigin: this.site.url });
    for (const [name, construct] of this.functions) {
      const access = (functions[name] as FunctionSpec).uploads;
      if (access) this.uploads.bind(construct.fn, access);
    }

    const mail = props.mail ?? {
      identity: 'haiphong.example',
      from: 'Tháo gỡ <khong-tra-loi@haiphong.example>',
      cityOfficeOrg: 'van-phong-thanh-uy',
    };
    // What a scheduled run could not do, after the scheduler's retries or inside the
    // function, lands here for a person to look at; nothing is dropped silently.
    const deadLetters = new Queue(this, 'DigestDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the digest schedules and functions.',
    });
    for (const [name, construct] of this.functions) {
      const spec = functions[name] as FunctionSpec;
      if (spec.sendsMail) {
        construct.fn.addEnvironment('MAIL_TRANSPORT', 'ses');
        construct.fn.addEnvironment('MAIL_FROM', mail.from);
        construct.fn.addEnvironment('APP_BASE_URL', mail.appBaseUrl ?? this.site.url);
        construct.fn.addEnvironment('CITY_OFFICE_ORG', mail.cityOfficeOrg);
        construct.fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              this.formatArn({ service: 'ses', resource: 'identity', resourceName: mail.identity }),
            ],
          }),
        );
      }
      if (!spec.schedule) continue;
      const { minute, hour, days, description } = spec.schedule;
      construct.fn.configureAsyncInvoke({
        onFailure: new SqsDestination(deadLetters),
        retryAttempts: 2,
      });
      const id = `${name[0]?.toUpperCase()}${name.slice(1)}`;
      const role = new Role(this, `${id}SchedulerRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
        description: `Lets EventBridge Scheduler run ${name}`,
      });
      const logicalId = this.getLogicalId(construct.fn.node.defaultChild as CfnFunction);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason:
          'The scheduler may invoke this one function, any version of it: the wildcard covers versions, not other functions.',
      });
      new Schedule(this, `${id}Schedule`, {
        description: `${spec.description}. ${description}.`,
        schedule: ScheduleExpression.cron({
          minute: String(minute),
          hour: String(hour),
          weekDay: days,
          timeZone: TimeZone.ASIA_HO_CHI_MINH,
        }),
        target: new LambdaInvoke(construct.fn, {
          // The run covers the period of its scheduled time, never the time it happens to run.
          input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: deadLetters,
          role,
        }),
      });
    }

    // Nothing fails silently: a digest run given up on, or the API answering 5xx, alarms
    // here. Subscribe the operators to the topic (its ARN is an output).
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'Thaogo: encrypts the alarm notifications topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes to an encrypted topic only with a customer managed key it may use.
    alarmKey.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    const alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Thaogo alarms',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    const notify = new SnsAction(alarmTopic);
    const deadLetterAlarm = new Alarm(this, 'DigestDeadLettersAlarm', {
      alarmDescription:
        'A digest run failed after its retries: its event is in the dead-letter queue. Read it, mend the cause, then invoke the function again with the scheduledTime of the message (a rerun sends only what is unsent) and delete the message.',
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    deadLetterAlarm.addAlarmAction(notify);
    const serverErrorAlarm = new Alarm(this, 'ApiServerErrorsAlarm', {
      alarmDescription:
        'More than 5% of the API requests in 5 minutes answered 5xx. The functions log each one as "request failed"; the RequestsRefused metric names its kind (internal, throttled).',
      metric: new MathExpression({
        label: 'Share of requests answered 5xx (%)',
        expression: '100 * errors / requests',
        usingMetrics: {
          errors: this.api.metricServerError({ statistic: 'Sum' }),
          requests: this.api.metricCount({ statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
      }),
      threshold: 5,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    serverErrorAlarm.addAlarmAction(notify);

    new CfnOutput(this, 'SiteUrl', { description: 'The web app', value: this.site.url });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The API, on the site origin',
      value: `${this.site.url}/${apiStageName}`,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe operators here: digest dead letters and the API 5xx rate alarm',
      value: alarmTopic.topicArn,
    });
  }
}
