#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { RealtimeChecksStack } from '../lib/realtime-checks-stack';

const app = new App();
new RealtimeChecksStack(app, 'RealtimeChecks');
