import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../../sandbox/dynamodb/dynamodb-local';

const host = '127.0.0.1';
const noLog = (): void => undefined;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startDynamoDbLocal', () => {
  it('starts in memory on a free port, serves every region and credential from one database, and stops its Java process', async () => {
    const lines: string[] = [];
    const local = await startDynamoDbLocal({ port: 0, host, log: (line) => lines.push(line) });
    const client = (region: string, accessKeyId: string) =>
      new DynamoDBClient({
        endpoint: local.endpoint,
        region,
        credentials: { accessKeyId, secretAccessKey: 'x' },
      });
    const writer = client('us-east-1', 'sandbox');
    // DynamoDB Local refuses an access key id that is not only letters and digits.
    const reader = client('eu-west-1', 'someoneElse');
    try {
      expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines).toEqual([`DynamoDB Local (in memory) on ${local.endpoint}`]);
      await writer.send(
        new CreateTableCommand({
          TableName: 'shared',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await expect(reader.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: ['shared'] });
    } finally {
      writer.destroy();
      reader.destroy();
      await local.stop();
    }
    expect(isRunning(local.pid)).toBe(false);
    await expect(local.stop()).resolves.toBeUndefined();
  }, 60_000);

  it('says how Java ended, with its last lines, when it ends without stop()', async () => {
    const local = await startDynamoDbLocal({ port: 0, host, log: noLog });
    try {
      process.kill(local.pid, 'SIGKILL');
      const end = await local.ended;
      expect(end).toEqual({
        engine: 'DynamoDB Local',
        how: 'was killed by SIGKILL',
        lastLines: expect.arrayContaining([expect.stringMatching(/^Port:\s+\d+$/)]),
      });
    } finally {
      await local.stop();
    }
  }, 60_000);

  // A JVM out of heap answers 500 to everything from then on; an ended one stops the sandbox, saying why.
  it('ends, saying so, when its heap runs out, rather than answering half the requests', async () => {
    const local = await startDynamoDbLocal({ port: 0, host, log: noLog, maxHeapMb: 32 });
    const client = new DynamoDBClient({
      endpoint: local.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      maxAttempts: 1,
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'big',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const big = 'x'.repeat(350_000);
      const writes = Array.from({ length: 8 }, (_, batch) =>
        client.send(
          new BatchWriteItemCommand({
            RequestItems: {
              big: Array.from({ length: 25 }, (_, item) => ({
                PutRequest: { Item: { id: { S: `${batch}-${item}` }, big: { S: big } } },
              })),
            },
          }),
        ),
      );
      void Promise.allSettled(writes);
      const end = await Promise.race([
        local.ended,
        new Promise((resolve) => setTimeout(resolve, 30_000, 'still running')),
      ]);
      expect(end).toEqual({
        engine: 'DynamoDB Local',
        how: 'exited with code 3',
        lastLines: expect.arrayContaining(['Terminating due to java.lang.OutOfMemoryError: Java heap space']),
      });
    } finally {
      client.destroy();
      await local.stop();
    }
  }, 90_000);

  // Jest gives tests a copy of process.env that child_process never sees, so the PATH without
  // Java is given to a process of its own.
  it('says that Java is missing when `java` is not on PATH', () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'no-java-'));
    try {
      const { stdout } = spawnSync(
        process.execPath,
        ['--require', require.resolve('tsx/cjs'), join(__dirname, 'fixtures/start-dynamodb-local.ts')],
        { env: { ...process.env, PATH: emptyDir }, encoding: 'utf8' },
      );
      expect(stdout).toMatch(/^DynamoDB Local needs Java 17 or later, and `java` was not found on PATH/);
    } finally {
      rmSync(emptyDir, { recursive: true });
    }
  }, 30_000);

  it('gives up, and stops Java, when it does not answer within the time allowed', async () => {
    const failure = await startDynamoDbLocal({ port: 0, host, log: noLog, readyTimeoutMs: 1 }).then(
      () => new Error('started'),
      (error: Error) => error,
    );
    const [, port] =
      /^DynamoDB Local did not answer ListTables on http:\/\/127\.0\.0\.1:(\d+) within 0\.001 s/.exec(
        failure.message,
      ) ?? [failure.message];
    expect(spawnSync('pgrep', ['-f', `DynamoDBLocal.jar -inMemory -port ${port} `]).status).toBe(1);
  }, 30_000);

  it("fails with Java's own reason when it exits before answering (its port is taken)", async () => {
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, host, resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await expect(startDynamoDbLocal({ port, host, log: noLog })).rejects.toThrow(
        /DynamoDB Local exited with code \d+ before answering on http:\/\/127\.0\.0\.1:\d+:[\s\S]*Address already in use/,
      );
    } finally {
      blocker.close();
    }
  }, 60_000);
});
