import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck } from '../checks/check';
import { createCheckChangeHandler } from '../shared/check-changes';
import { toCloudEvent } from '../shared/cloud-event';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { checkChannel } from './channel-policy';
import type { ChannelPublisher } from './event-publish';
import { publishEndpointOf, SignedEventPublisher } from './signed-event-publisher';

/**
 * Publishes each change of a check to its AppSync Events channel, once, in stream order;
 * AppSync delivers it to every subscriber. A change AppSync does not take fails its record,
 * which the stream mapping retries and then sends to the failure queue.
 */
export function createEventsPublisherHandler(
  publisher: ChannelPublisher,
  namespace: string,
): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  return createCheckChangeHandler({
    failureMessage: 'Change not published to AppSync Events',
    onChange: async (check) => {
      const event = toCloudEvent(toPublicCheck(check));
      const channel = checkChannel(namespace, check.tenant, check.id);
      await publisher.publish(channel, JSON.stringify(event));
      logger.info('Change published', { eventId: event.id, type: event.type, channel });
    },
  });
}

export const handler = createEventsPublisherHandler(
  new SignedEventPublisher({
    // The host is explicit because it names the API, which no SDK setting does.
    endpoint: publishEndpointOf(requireEnv('APPSYNC_EVENTS_HTTP_DNS')),
    region: requireEnv('AWS_REGION'),
  }),
  requireEnv('APPSYNC_EVENTS_NAMESPACE'),
);
