import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AWS_ACCOUNT_THROTTLE, type ThrottleLimits } from '../apigateway/token-bucket';

/** The context the sandbox synthesizes with unless told more: webhooks may target this machine, and nothing else changes. */
export const SANDBOX_CONTEXT = { webhookUrlPolicy: 'allow-loopback-http' } as const;

/** The region of the sandbox's fake account: what SigV4 signatures for it are scoped to. */
export const SANDBOX_REGION = 'us-east-1';

/** Everything a person can change about the sandbox; the defaults are fixed so URLs can be bookmarked. */
export interface SandboxConfig {
  readonly projectDir: string;
  readonly host: string;
  readonly ports: {
    readonly rest: number;
    readonly websocket: number;
    readonly demo: number;
    readonly appSync: number;
    readonly dynamodb: number;
    readonly snsSqs: number;
    readonly secretsManager: number;
  };
  readonly region: string;
  readonly accountId: string;
  /** Where the assembly is synthesized, logs and the endpoints file are written. */
  readonly stateDir: string;
  readonly assemblyDir: string;
  readonly endpointsFile: string;
  readonly stackName: string | undefined;
  readonly lambdaConcurrency: number;
  readonly streamPollIntervalMs: number;
  readonly snsDelayScale: number;
  readonly websocket: {
    readonly idleTimeoutMs: number;
    readonly maxConnectionMs: number;
    readonly maxFrameBytes: number;
    readonly maxMessageBytes: number;
  };
  readonly restMaxPayloadBytes: number;
  /** The CDK context the app is synthesized with: SANDBOX_CONTEXT and what `--context` adds. */
  readonly context: Readonly<Record<string, string>>;
  /** The account's API Gateway request budget, drawn by `@connections` and the REST API; undefined turns it off. */
  readonly accountThrottle: ThrottleLimits | undefined;
  readonly quiet: boolean;
}

export const USAGE = `Usage: npm start -- [options]

  --ports auto               every port chosen by the system (for tests); default: the fixed ports below
  --rest-port 4010           REST API                --websocket-port 4011   WebSocket API and @connections
  --demo-port 4012           demo page               --appsync-port 4013     AppSync Events (HTTPS, WSS)
  --dynamodb-port 4020       DynamoDB Local          --sns-sqs-port 4021     SNS and SQS (fauxqs)
  --secrets-port 4022        Secrets Manager
  --host 127.0.0.1           the interface every server listens on
  --state-dir .sandbox       synthesized assembly, logs, endpoints file
  --endpoints-file <file>    default <state-dir>/endpoints.json
  --stack <name>             the stack to run when the app has several
  --lambda-concurrency 10    execution environments per function
  --stream-poll-ms 250       DynamoDB stream poll interval (Lambda polls each shard 4 times a second)
  --sns-delay-scale 0.01     SNS delivery retry delays times this (1 = AWS's timing)
  --ws-idle-timeout-ms 600000   --ws-max-connection-ms 7200000
  --ws-max-frame-bytes 32768    --ws-max-message-bytes 131072
  --rest-max-payload-bytes 10485760
  --context key=value        a CDK context value to synthesize with (repeatable), e.g. fanoutInlineLimit=10
  --connections-rate-limit 10000   --connections-burst-limit 5000
                             the account's API Gateway throttle (requests/s, bucket size), which
                             @connections and the REST API draw from; over it they answer 429.
                             A rate of 0 turns throttling off
  --quiet                    print only the endpoints and errors
`;

const DEFAULT_PORTS = {
  rest: 4010,
  websocket: 4011,
  demo: 4012,
  appSync: 4013,
  dynamodb: 4020,
  snsSqs: 4021,
  secretsManager: 4022,
};

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0, got "${text}"`);
  return value;
}

/** The options USAGE lists; numbers come as strings, so that positiveNumber can name a bad one. */
const OPTIONS = {
  ports: { type: 'string' },
  'rest-port': { type: 'string' },
  'websocket-port': { type: 'string' },
  'demo-port': { type: 'string' },
  'appsync-port': { type: 'string' },
  'dynamodb-port': { type: 'string' },
  'sns-sqs-port': { type: 'string' },
  'secrets-port': { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'state-dir': { type: 'string', default: '.sandbox' },
  'endpoints-file': { type: 'string' },
  stack: { type: 'string' },
  'lambda-concurrency': { type: 'string' },
  'stream-poll-ms': { type: 'string' },
  'sns-delay-scale': { type: 'string' },
  'ws-idle-timeout-ms': { type: 'string' },
  'ws-max-connection-ms': { type: 'string' },
  'ws-max-frame-bytes': { type: 'string' },
  'ws-max-message-bytes': { type: 'string' },
  'rest-max-payload-bytes': { type: 'string' },
  context: { type: 'string', multiple: true },
  'connections-rate-limit': { type: 'string' },
  'connections-burst-limit': { type: 'string' },
  quiet: { type: 'boolean', default: false },
} as const;

/** The `--context key=value` options over SANDBOX_CONTEXT; a malformed one is an error naming it. */
function contextOf(given: readonly string[] = []): Record<string, string> {
  const context: Record<string, string> = { ...SANDBOX_CONTEXT };
  for (const entry of given) {
    const match = /^([^=\s]+)=(.*)$/.exec(entry);
    if (match === null) throw new Error(`--context takes key=value, got "${entry}"`);
    context[match[1]] = match[2];
  }
  return context;
}

function accountThrottleOf(rate: string | undefined, burst: string | undefined): ThrottleLimits | undefined {
  const ratePerSecond = positiveNumber('connections-rate-limit', rate, AWS_ACCOUNT_THROTTLE.ratePerSecond);
  const burstSize = positiveNumber('connections-burst-limit', burst, AWS_ACCOUNT_THROTTLE.burst);
  if (ratePerSecond === 0) return undefined;
  if (!Number.isInteger(burstSize) || burstSize < 1) {
    throw new Error(`--connections-burst-limit must be a whole number >= 1, got "${burst ?? ''}"`);
  }
  return { ratePerSecond, burst: burstSize };
}

/** Reads the command line; an unknown or malformed option is an error that names it. */
export function configFromArgs(argv: readonly string[], projectDir: string): SandboxConfig {
  const { values } = parseArgs({ args: [...argv], strict: true, options: OPTIONS });
  if (values.ports !== undefined && values.ports !== 'auto') throw new Error('--ports takes only "auto"');
  const auto = values.ports === 'auto';
  const port = (name: string, fallback: number): number =>
    positiveNumber(name, values[name as keyof typeof values] as string | undefined, auto ? 0 : fallback);
  const stateDir = resolve(projectDir, values['state-dir']);
  return {
    projectDir,
    host: values.host,
    ports: {
      rest: port('rest-port', DEFAULT_PORTS.rest),
      websocket: port('websocket-port', DEFAULT_PORTS.websocket),
      demo: port('demo-port', DEFAULT_PORTS.demo),
      appSync: port('appsync-port', DEFAULT_PORTS.appSync),
      dynamodb: port('dynamodb-port', DEFAULT_PORTS.dynamodb),
      snsSqs: port('sns-sqs-port', DEFAULT_PORTS.snsSqs),
      secretsManager: port('secrets-port', DEFAULT_PORTS.secretsManager),
    },
    region: SANDBOX_REGION,
    accountId: '000000000000',
    stateDir,
    assemblyDir: resolve(stateDir, 'cdk.out'),
    endpointsFile: resolve(projectDir, values['endpoints-file'] ?? resolve(stateDir, 'endpoints.json')),
    stackName: values.stack,
    lambdaConcurrency: Math.max(1, positiveNumber('lambda-concurrency', values['lambda-concurrency'], 10)),
    streamPollIntervalMs: positiveNumber('stream-poll-ms', values['stream-poll-ms'], 250),
    snsDelayScale: positiveNumber('sns-delay-scale', values['sns-delay-scale'], 0.01),
    websocket: {
      idleTimeoutMs: positiveNumber('ws-idle-timeout-ms', values['ws-idle-timeout-ms'], 600_000),
      maxConnectionMs: positiveNumber('ws-max-connection-ms', values['ws-max-connection-ms'], 7_200_000),
      maxFrameBytes: positiveNumber('ws-max-frame-bytes', values['ws-max-frame-bytes'], 32_768),
      maxMessageBytes: positiveNumber('ws-max-message-bytes', values['ws-max-message-bytes'], 131_072),
    },
    restMaxPayloadBytes: positiveNumber(
      'rest-max-payload-bytes',
      values['rest-max-payload-bytes'],
      10 * 1024 * 1024,
    ),
    context: contextOf(values.context),
    accountThrottle: accountThrottleOf(values['connections-rate-limit'], values['connections-burst-limit']),
    quiet: values.quiet,
  };
}
