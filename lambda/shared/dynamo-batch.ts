import {
  BatchWriteCommand,
  paginateQuery,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
/** Unprocessed items come back under throttling; retry them a few times, then fail loudly. */
const MAX_BATCH_ATTEMPTS = 5;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every item of every page of a query; `T` is the (projected) item. */
export async function queryAll<T>(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginateQuery({ client }, input)) items.push(...((page.Items ?? []) as T[]));
  return items;
}

/**
 * Deletes `keys` from `tableName` in batches of 25, retrying what DynamoDB leaves
 * unprocessed with a growing pause; throws, naming `what`, when items stay unprocessed.
 */
export async function deleteKeys(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  what: string,
  pause: (ms: number) => Promise<void> = sleep,
): Promise<void> {
  for (let start = 0; start < keys.length; start += BATCH_SIZE) {
    let requests = keys.slice(start, start + BATCH_SIZE).map((key) => ({ DeleteRequest: { Key: key } }));
    for (let attempt = 1; ; attempt += 1) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      const left = UnprocessedItems?.[tableName] ?? [];
      if (left.length === 0) break;
      if (attempt === MAX_BATCH_ATTEMPTS) {
        throw new Error(`${left.length} ${what} were still unprocessed after ${attempt} attempts`);
      }
      requests = left as typeof requests;
      await pause(50 * 2 ** attempt);
    }
  }
}
