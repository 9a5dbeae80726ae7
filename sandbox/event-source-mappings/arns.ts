/** The kinds of ARN the event source mappings deal with. */
export type ArnKind = 'dynamodb-stream' | 'sqs' | 'sns' | 'other';

export function arnKind(arn: string): ArnKind {
  if (/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/.+$/.test(arn)) return 'dynamodb-stream';
  if (/^arn:[^:]+:sqs:[^:]*:[^:]*:[^:/]+$/.test(arn)) return 'sqs';
  if (/^arn:[^:]+:sns:[^:]*:[^:]*:[^:/]+$/.test(arn)) return 'sns';
  return 'other';
}

/** A FIFO queue's or topic's name ends in `.fifo`. */
export function isFifo(arn: string): boolean {
  return arn.endsWith('.fifo');
}

/** The function's ARN, whether the mapping names it by ARN or by name. */
export function functionArnOf(functionName: string, region: string, accountId: string): string {
  if (functionName.startsWith('arn:')) return functionName;
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
