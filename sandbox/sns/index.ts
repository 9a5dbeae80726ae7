/**
 * SNS (and SQS, which the same fauxqs server answers): fauxqs with the sandbox's HTTP(S)
 * delivery added, and each `AWS::SNS::Topic` and `sqs` subscription of the template.
 */
export { startSnsSqs, type RunningSnsSqs } from './sns-sqs-server';
export { createTopics, type LocalTopic } from './topics';
