/**
 * DynamoDB and DynamoDB Streams: Amazon's DynamoDB Local serves both APIs, and each
 * `AWS::DynamoDB::Table` of the template is created in it, with its stream and TTL.
 */
export { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
export { createTables, type LocalTable } from './tables';
