import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
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
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type FunctionName, type FunctionSpec, functions, roles } from '#functions/manifest.ts';
import { ThaogoFunction } from './constructs/thaogo-function.ts';

export interface ServiceStackProps extends StackProps {
  table: ITableV2;
  version: string;
}

/**
 * The service: Cognito for identities, an HTTP API whose every route needs a valid
 * access token, and one Lambda per manifest entry.
 */
export class ServiceStack extends Stack {
  readonly api: HttpApi;
  readonly userPool: UserPool;
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

    // Accounts are created by administrators for officials: no self sign-up, MFA required,
    // and threat protection on (the Plus plan) because these accounts direct public work.
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
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
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        unitId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        orgId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
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
    // The unit and org of a user are set by administrators; the client may read, not write, them.
    const client = this.userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      // Sign-in is SRP from the app; no hosted UI, so no OAuth flows (implicit least of all).
      disableOAuth: true,
      generateSecret: false,
      accessTokenValidity: Duration.hours(1),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, fullname: true })
        .withCustomAttributes('unitId', 'orgId'),
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
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
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

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
