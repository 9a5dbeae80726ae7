import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';

/**
 * Where the suite sends its requests. `E2E_ENDPOINTS` names a sandbox's endpoints file (the
 * global setup sets it to the sandbox it starts); `E2E_OUTPUTS` names the outputs file of
 * `cdk deploy --outputs-file`, for AWS or LocalStack.
 */
export const ENDPOINTS_FILE_VARIABLE = 'E2E_ENDPOINTS';
export const OUTPUTS_FILE_VARIABLE = 'E2E_OUTPUTS';
/** Picks the stack when the outputs file holds several. */
export const STACK_VARIABLE = 'E2E_STACK';

/** How the suite signs tokens: the sandbox's published dev secret, or a deployed stack's secret. */
export type TokenSecretSource =
  { readonly kind: 'dev' } | { readonly kind: 'secrets-manager'; readonly secretId: string };

export interface SandboxAdmin {
  /** Lists the WebSocket connections; `POST <it>/<connectionId>/drop` drops one without $disconnect. */
  readonly connectionsAdminUrl: string;
  /** Sent as `Authorization: Bearer <it>`: the admin API refuses every other caller. */
  readonly adminSecret: string;
}

/** AppSync Events as a client reaches it: `https://<Dns.Http>/event` and `wss://<Dns.Realtime>/event/realtime`. */
export interface AppSyncEventsEndpoints {
  readonly httpUrl: string;
  readonly realtimeUrl: string;
  /** The sandbox's CA (PEM file) that its endpoint's certificate chains to; AWS's needs none. */
  readonly caCertFile?: string;
}

export interface E2eTarget {
  /** The REST stage URL, ending with `/`. */
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly secret: TokenSecretSource;
  /** Present only when the target is a sandbox, whose admin API and loopback webhooks AWS lacks. */
  readonly sandbox: SandboxAdmin | undefined;
  /** Absent when the target predates AppSync Events; its suites then say so and fail. */
  readonly appSyncEvents: AppSyncEventsEndpoints | undefined;
  readonly describedAs: string;
}

const sandboxFileSchema = z.object({
  restUrl: z.url(),
  wsUrl: z.url(),
  appSyncEvents: z.optional(
    z.object({ httpUrl: z.url(), realtimeUrl: z.url(), caCertFile: z.optional(z.string()) }),
  ),
  sandbox: z.optional(
    z.object({ connectionsAdminUrl: z.url(), adminSecret: z.string().check(z.minLength(1)) }),
  ),
});

const stackOutputsSchema = z.object({
  RestApiUrl: z.url(),
  WebSocketUrl: z.url(),
  TokenSecretArn: z.string().check(z.minLength(1)),
  AppSyncEventsHttpUrl: z.optional(z.url()),
  AppSyncEventsRealtimeUrl: z.optional(z.url()),
});

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function problemsOf(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The ${what} ${file} is not JSON`);
  }
}

/**
 * A sandbox's endpoints file: `{ restUrl, wsUrl, demoUrl, token, appSyncEvents?: { httpUrl,
 * realtimeUrl }, sandbox?: { connectionsAdminUrl, adminSecret } }`.
 */
export function targetFromEndpoints(json: unknown, file: string): E2eTarget {
  const parsed = sandboxFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`The endpoints file ${file} is not a sandbox's: ${problemsOf(parsed.error)}`);
  const { restUrl, wsUrl, sandbox, appSyncEvents } = parsed.data;
  return {
    restUrl: withSlash(restUrl),
    wsUrl,
    secret: { kind: 'dev' },
    sandbox,
    appSyncEvents,
    describedAs:
      sandbox === undefined
        ? `the endpoints of ${file}, without a sandbox admin API`
        : `the sandbox of ${file}`,
  };
}

/**
 * `cdk deploy --outputs-file`: `{ "<stack>": { RestApiUrl, WebSocketUrl, TokenSecretArn,
 * AppSyncEventsHttpUrl, AppSyncEventsRealtimeUrl, … } }`.
 */
export function targetFromCdkOutputs(json: unknown, file: string, stackName?: string): E2eTarget {
  if (typeof json !== 'object' || json === null) throw new Error(`The outputs file ${file} holds no stacks`);
  const stacks = Object.entries(json as Record<string, unknown>).filter(
    ([name, outputs]) =>
      (stackName === undefined || name === stackName) && stackOutputsSchema.safeParse(outputs).success,
  );
  if (stacks.length !== 1) {
    const wanted = stackName === undefined ? 'a stack' : `the stack ${stackName}`;
    const found = stacks.length === 0 ? 'none' : stacks.map(([name]) => name).join(', ');
    throw new Error(
      `The outputs file ${file} must hold exactly one ${wanted} with RestApiUrl, WebSocketUrl and TokenSecretArn; ` +
        `found ${found}${stacks.length > 1 ? ` (pick one with ${STACK_VARIABLE})` : ''}`,
    );
  }
  const [name, outputs] = stacks[0] as [string, unknown];
  const { RestApiUrl, WebSocketUrl, TokenSecretArn, AppSyncEventsHttpUrl, AppSyncEventsRealtimeUrl } =
    stackOutputsSchema.parse(outputs);
  return {
    restUrl: withSlash(RestApiUrl),
    wsUrl: WebSocketUrl,
    secret: { kind: 'secrets-manager', secretId: TokenSecretArn },
    sandbox: undefined,
    appSyncEvents:
      AppSyncEventsHttpUrl === undefined || AppSyncEventsRealtimeUrl === undefined
        ? undefined
        : { httpUrl: AppSyncEventsHttpUrl, realtimeUrl: AppSyncEventsRealtimeUrl },
    describedAs: `the stack ${name} of ${file}`,
  };
}

let loaded: E2eTarget | undefined;

/** The target named by the environment; read once per test file. */
export function e2eTarget(env: NodeJS.ProcessEnv = process.env): E2eTarget {
  if (loaded !== undefined) return loaded;
  const outputs = env[OUTPUTS_FILE_VARIABLE];
  const endpoints = env[ENDPOINTS_FILE_VARIABLE];
  if (outputs !== undefined && outputs !== '') {
    loaded = targetFromCdkOutputs(readJson(outputs, 'outputs file'), outputs, env[STACK_VARIABLE]);
  } else if (endpoints !== undefined && endpoints !== '') {
    loaded = targetFromEndpoints(readJson(endpoints, 'endpoints file'), endpoints);
  } else {
    throw new Error(
      `No endpoints: set ${ENDPOINTS_FILE_VARIABLE} or ${OUTPUTS_FILE_VARIABLE}, or run the e2e project ` +
        'through jest, whose global setup starts a sandbox',
    );
  }
  return loaded;
}
