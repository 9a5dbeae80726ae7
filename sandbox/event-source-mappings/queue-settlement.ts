import type { BatchVerdict } from './batch-response';

/**
 * The messages of a batch to delete from the queue: all after success, all but the
 * reported ones after a partial failure, none after a failure (they come back once their
 * visibility timeout ends, and the queue's redrive policy counts the receive).
 */
export function messagesToDelete(verdict: BatchVerdict, messageIds: readonly string[]): string[] {
  switch (verdict.kind) {
    case 'success':
      return [...messageIds];
    case 'partial': {
      const failed = new Set(verdict.failedIds);
      return messageIds.filter((id) => !failed.has(id));
    }
    case 'failure':
      return [];
  }
}
