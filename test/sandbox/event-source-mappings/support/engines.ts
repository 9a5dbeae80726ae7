import { startFauxqs, type FauxqsServer } from 'fauxqs';
import type { SandboxAws } from '../../../../sandbox/platform/aws-environment';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../../sandbox/dynamodb/dynamodb-local';

export const noLog = (): void => undefined;

/** Whether a process of this id exists; the engine's stop() resolves only once Node has reaped its child. */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startDynamoDb(): Promise<DynamoDbLocal> {
  return startDynamoDbLocal({ port: 0, host: '127.0.0.1', log: noLog });
}

export async function startSqs(): Promise<FauxqsServer> {
  return startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
}

export function sandboxAws(endpoints: { dynamodb?: string; sqs: string }): SandboxAws {
  return {
    region: 'us-east-1',
    accountId: '000000000000',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    endpoints: {
      dynamodb: endpoints.dynamodb ?? 'http://127.0.0.1:9',
      dynamodbStreams: endpoints.dynamodb ?? 'http://127.0.0.1:9',
      sqs: endpoints.sqs,
      sns: endpoints.sqs,
      secretsManager: 'http://127.0.0.1:9',
    },
  };
}
