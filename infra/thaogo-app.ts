import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataStack } from './data-stack.ts';
import { repoRoot } from './paths.ts';
import { ServiceStack } from './service-stack.ts';

/** Both stacks, with cdk-nag's AwsSolutions checks on every synth. */
export function buildThaogoApp(app: App) {
  const { version } = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new DataStack(app, 'ThaogoData', { env, description: 'Thaogo data: the table' });
  const service = new ServiceStack(app, 'ThaogoService', {
    env,
    description: 'Thaogo service: API, functions, user pool',
    table: data.table,
    version,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { data, service };
}
