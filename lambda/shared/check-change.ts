import type { StoredCheck } from '../checks/check';

/** The stream record kinds of DynamoDB Streams. */
export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

function isStoredCheck(image: Record<string, unknown>): image is Record<string, unknown> & StoredCheck {
  return (
    typeof image.id === 'string' &&
    typeof image.tenant === 'string' &&
    typeof image.version === 'number' &&
    typeof image.status === 'string' &&
    typeof image.updatedAt === 'string'
  );
}

/**
 * The check a stream record announces, or undefined when it announces nothing to clients:
 * a removal (TTL expiry) or a write that left the version alone. Takes unmarshalled images.
 */
export function changedCheck(
  eventName: StreamEventName | undefined,
  newImage: Record<string, unknown> | undefined,
  oldImage: Record<string, unknown> | undefined,
): StoredCheck | undefined {
  if (eventName !== 'INSERT' && eventName !== 'MODIFY') return undefined;
  if (newImage === undefined || !isStoredCheck(newImage)) {
    throw new Error('The stream record carries no check in its new image');
  }
  if (oldImage !== undefined && oldImage.version === newImage.version) return undefined;
  return newImage;
}
