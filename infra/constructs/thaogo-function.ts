import { resolve } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec, TableAccess } from '#functions/manifest.ts';
import { table as tableDefinition } from '#shared/store/table.ts';
import { repoRoot } from '../paths.ts';
import { lambdaBundling } from './bundling.ts';

export interface ThaogoFunctionProps {
  name: string;
  spec: FunctionSpec;
  table: ITableV2;
  version: string;
}

/**
 * Every Lambda of the product, with the defaults held in one place: the newest Node.js
 * runtime CDK offers, arm64, ESM bundled and minified by esbuild with source maps, the
 * AWS SDK bundled (measured at init: see bench/), a log group with a retention, explicit
 * memory and timeout, and table access granted from the manifest, nothing more.
 */
export class ThaogoFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ThaogoFunctionProps) {
    super(scope, id);
    const { spec } = props;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    // An own role instead of the managed AWSLambdaBasicExecutionRole: it may write to this
    // function's log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.name}`,
    });
    logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: resolve(repoRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      logGroup,
      role,
      projectRoot: repoRoot,
      depsLockFilePath: resolve(repoRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'thaogo',
        POWERTOOLS_METRICS_NAMESPACE: 'Thaogo',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        APP_VERSION: props.version,
      },
      bundling: {
        format: OutputFormat.ESM,
        ...lambdaBundling,
        metafile: false,
      },
    });
    bindTable(this.fn, props.table, spec.table);
  }
}

const readActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * One call both sets the variable and grants the access, so neither is forgotten. The
 * grant is narrower than `grantReadData`: it names each index instead of `index/*`, and
 * leaves out Scan, so a list endpoint that scans fails at once instead of growing costly.
 */
export function bindTable(fn: NodejsFunction, table: ITableV2, access: TableAccess): void {
  if (access === 'none') return;
  fn.addEnvironment('TABLE_NAME', table.tableName);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: access === 'read' ? readActions : [...readActions, ...writeActions],
      resources: [table.tableArn],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: tableDefinition.indexes.map(
        (index) => `${table.tableArn}/index/${index.indexName}`,
      ),
    }),
  );
}
