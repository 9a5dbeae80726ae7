/**
 * Lambda event source mappings: each `AWS::Lambda::EventSourceMapping` of the template, run
 * by a poller of its DynamoDB stream or SQS queue that invokes its function in batches.
 */
export { readEventSourceMappings } from './read-event-source-mappings';
export { startEventSources, type RunningEventSources } from './start-event-sources';
