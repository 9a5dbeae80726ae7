import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One client per bundle, created at module load. Its endpoint and region come from the
 * SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION), so the same bundle runs
 * on AWS, LocalStack and the sandbox.
 */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
