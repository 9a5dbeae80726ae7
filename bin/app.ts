#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RealtimeChecksStack } from '../lib/realtime-checks-stack';

const app = new App();
new RealtimeChecksStack(app, 'RealtimeChecks');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
