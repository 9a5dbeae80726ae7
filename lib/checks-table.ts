import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { grantTable } from './table-grant';

export interface ChecksTableProps {
  /**
   * What happens to the checks when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The checks, keyed by `id`, expiring through TTL on `expiresAt`. Its stream carries new and
 * old images, so consumers can tell a version change from any other write.
 */
export class ChecksTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: ChecksTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'expiresAt',
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
  }

  /** Gives `fn` the table's name and the right to read single checks. */
  grantReadChecks(fn: LambdaFunction): Grant {
    return this.grantChecks(fn, 'dynamodb:GetItem');
  }

  /** Gives `fn` the table's name and the right to create checks and to fail one it created. */
  grantCreateChecks(fn: LambdaFunction): Grant {
    return this.grantChecks(fn, 'dynamodb:PutItem', 'dynamodb:UpdateItem');
  }

  /** Gives `fn` the table's name and the right to read checks and move them forward. */
  grantUpdateChecks(fn: LambdaFunction): Grant {
    return this.grantChecks(fn, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
  }

  private grantChecks(fn: LambdaFunction, ...actions: string[]): Grant {
    return grantTable(fn, 'CHECKS_TABLE_NAME', this.table, ...actions);
  }
}
