import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';

/**
 * Names `table` in `fn`'s environment as `variable` and grants `actions` on it: a handler
 * gets the configuration and the permission it needs in one call.
 *
 * The constructs' grants take a Lambda function, not any `IGrantable` as aws-cdk's do,
 * because each also configures what it grants, and only a function has an environment.
 */
export function grantTable(fn: LambdaFunction, variable: string, table: ITable, ...actions: string[]): Grant {
  fn.addEnvironment(variable, table.tableName);
  return table.grant(fn, ...actions);
}
