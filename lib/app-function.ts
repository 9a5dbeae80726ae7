import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag';

/** The functions' sources, a folder per capability; a handler's path in it is its `handlerFile` prop. */
export const LAMBDA_DIR = path.join(__dirname, '..', 'lambda');

export interface AppFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'handler'> {
  /**
   * The handler's file in `lambda/`, without `.ts`, e.g. `checks/get-check`; it exports
   * `handler`. Its base name names the function's service in its logs.
   */
  readonly handlerFile: string;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Every function of the app, with the defaults set once: Node.js 24 on arm64, bundled by
 * esbuild with source maps, the AWS SDK v3 left to the runtime, active X-Ray tracing, and a
 * log group of its own with a retention, removed with the stack.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const { handlerFile, logRetention, environment, bundling, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(10),
      logGroup,
      tracing: Tracing.ACTIVE,
      ...rest,
      entry: path.join(LAMBDA_DIR, `${handlerFile}.ts`),
      handler: 'handler',
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: path.basename(handlerFile),
        ...environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        sourceMap: true,
        minify: true,
        externalModules: ['@aws-sdk/*'],
        ...bundling,
      },
    });
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function write its own logs.',
    );
    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords, which active tracing adds, take no resource to scope them to.',
    );
  }
}
