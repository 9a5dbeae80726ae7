/**
 * SQS: fauxqs serves the API (started with SNS, in `../sns`), and each `AWS::SQS::Queue` of
 * the template is created in it, dead-letter queues first.
 */
export { createQueues, queueUrlOf, type LocalQueue } from './queues';
