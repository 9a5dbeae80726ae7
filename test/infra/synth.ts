import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RealtimeChecksStack, type RealtimeChecksStackProps } from '../../lib/realtime-checks-stack';

/** The feature flags `cdk synth` uses, so the tests see the template users deploy. */
const cdkContext = (
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** A fresh app with the project's context; bundling is skipped (it is tested by `cdk synth`). */
export function newApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [], ...context } });
}

export function synthStack(
  props: RealtimeChecksStackProps = {},
  context: Record<string, unknown> = {},
): { stack: RealtimeChecksStack; template: Template } {
  const stack = new RealtimeChecksStack(newApp(context), 'Test', props);
  return { stack, template: Template.fromStack(stack) };
}
