/**
 * `npm start`: runs the synthesized app on this machine and prints its endpoints.
 * `npm start -- --help` lists the options.
 */
// Lambda runs functions in UTC, and a worker thread cannot change the zone of its process.
process.env.TZ = 'UTC';
// The project supports Node 20 (package.json engines); the SDK's notice about it would repeat in every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { resolve } from 'node:path';
import { configFromArgs, USAGE, type SandboxConfig } from './platform/config';
import { EngineEndedError, startSandbox, type RunningSandbox } from '.';

function describe(sandbox: RunningSandbox, config: SandboxConfig): string {
  const { restUrl, wsUrl, demoUrl, token, appSyncEvents } = sandbox.endpoints;
  return [
    '',
    `Sandbox ready in ${(sandbox.startupMs / 1000).toFixed(1)} s`,
    `  REST API       ${restUrl}`,
    `  WebSocket API  ${wsUrl}`,
    `  Demo page      ${demoUrl}`,
    ...(appSyncEvents === undefined
      ? []
      : [
          `  AppSync Events ${appSyncEvents.httpUrl} and ${appSyncEvents.realtimeUrl}`,
          `    (TLS by the sandbox's CA: NODE_EXTRA_CA_CERTS=${appSyncEvents.caCertFile})`,
        ]),
    `  Token (tenant demo, 24 h):`,
    `    ${token}`,
    `  Written to ${config.endpointsFile}; logs of each function and API in ${resolve(config.stateDir, 'logs')}`,
    `  Try: curl -s -X POST ${restUrl}checks -H "Authorization: Bearer ${token.slice(0, 12)}…" -d '{"target":"example.com"}'`,
    'Ctrl+C stops it.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  let config: SandboxConfig;
  try {
    config = configFromArgs(argv, process.cwd());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const progress = (line: string): void => {
    if (!config.quiet) process.stdout.write(`${line}\n`);
  };
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox(config, progress);
  } catch (error) {
    process.stderr.write(`The sandbox could not start: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(describe(sandbox, config));
  sandbox.stopped
    .then(
      () => progress('Stopped.'),
      (error: unknown) => {
        process.stderr.write(
          `${error instanceof EngineEndedError ? error.message : `Stopping failed: ${String(error)}`}\n`,
        );
        process.exitCode = 1;
      },
    )
    // Every child is stopped by now; a handle a library forgot must not keep the process up.
    .finally(() => process.exit());
  let stopping = false;
  // `on`, not `once`: Ctrl+C signals the whole process group and npm and tsx pass it on too,
  // and a second SIGINT with no listener would kill the process halfway through stopping.
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: stopping…`);
    sandbox.stop().catch(() => undefined);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
