import { App } from 'aws-cdk-lib';
import { buildThaogoApp } from './thaogo-app.ts';

const app = new App();
buildThaogoApp(app);
app.synth();
