import { randomUUID } from 'node:crypto';
import type { ParseFailure, RawAnswer } from '../parse-failures';

const ANSWERS: Readonly<Record<ParseFailure['kind'], readonly [number, string, string]>> = {
  'headers-too-large': [413, 'RequestTooLargeException', 'Request Too Long'],
  'unknown-method': [403, 'ForbiddenException', 'Forbidden'],
  malformed: [400, 'BadRequestException', 'Bad Request'],
};

/**
 * What the stage's port answers a request Node's parser refused, in the shape of its other
 * answers (a WebSocket API has no gateway responses): an unknown method is unrouted, so 403
 * Forbidden as for any path but the stage's and `@connections`; the other two are as the REST
 * API answers them.
 */
export function answerParseFailure(failure: ParseFailure): RawAnswer {
  const [statusCode, errorType, message] = ANSWERS[failure.kind];
  return {
    statusCode,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-ErrorType': errorType,
      'x-amzn-RequestId': randomUUID(),
    },
    body: JSON.stringify({ message }),
  };
}
