import * as z from 'zod/mini';

/** Publishes one event (a JSON text) to one channel, or throws. */
export interface ChannelPublisher {
  publish(channel: string, event: string): Promise<void>;
}

/** AppSync did not take an event: a non-2xx answer, or the event among the `failed` ones. */
export class EventPublishError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = 'EventPublishError';
  }
}

/**
 * The body of `POST /event`: the channel and its events, each a JSON value as a string.
 * https://docs.aws.amazon.com/appsync/latest/eventapi/publish-http.html
 */
export function publishBody(channel: string, events: readonly string[]): string {
  return JSON.stringify({ channel, events });
}

const entry = z.object({
  identifier: z.optional(z.string()),
  index: z.optional(z.number()),
  code: z.optional(z.union([z.string(), z.number()])),
  message: z.optional(z.string()),
});
const answerSchema = z.object({ failed: z.optional(z.array(entry)), successful: z.optional(z.array(entry)) });

function describe(body: string): string {
  const text = body.length > 300 ? `${body.slice(0, 300)}…` : body;
  return text === '' ? '(no body)' : text;
}

/**
 * Throws unless AppSync's answer says every event was published: a 2xx whose `failed`
 * list is empty. A 2xx can still list failed events (one per event it refused).
 */
export function checkPublishAnswer(statusCode: number, body: string): void {
  if (statusCode < 200 || statusCode >= 300) {
    throw new EventPublishError(`AppSync answered ${statusCode}: ${describe(body)}`, statusCode);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new EventPublishError(
      `AppSync answered ${statusCode} with a body that is not JSON: ${describe(body)}`,
      statusCode,
    );
  }
  const answer = answerSchema.safeParse(json);
  if (!answer.success) {
    throw new EventPublishError(
      `AppSync answered ${statusCode} with an unexpected body: ${describe(body)}`,
      statusCode,
    );
  }
  const failed = answer.data.failed ?? [];
  if (failed.length > 0) {
    const reasons = failed.map((f) => `${f.code ?? 'unknown'}: ${f.message ?? 'no message'}`).join('; ');
    throw new EventPublishError(`AppSync refused ${failed.length} event(s): ${reasons}`, statusCode);
  }
}
