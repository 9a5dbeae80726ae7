/**
 * AWS list prices, us-east-1, on-demand, no free tier, no Savings Plans: the only prices the
 * cost model uses.
 *
 * READ_ON states when they are believed current. This machine has no access to the AWS
 * pricing pages, so they were NOT re-read for this run: they are the published prices as
 * known on that date (the Lambda arm64 rate and the WebSocket connection-minute rate were
 * cross-checked against third-party copies of the pages). Check each `source` before relying
 * on a figure, and change it here: nothing else holds a price.
 */
export const READ_ON = '2025-06-01';
export const REGION = 'us-east-1';

export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
  /** When this price was read, if not on READ_ON, and how. */
  readonly readOn?: string;
}

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const API_GATEWAY = 'https://aws.amazon.com/api-gateway/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const SNS = 'https://aws.amazon.com/sns/pricing/';
const TRANSFER = 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer';
const APPSYNC = 'https://aws.amazon.com/appsync/pricing/';

export const PRICES = {
  lambdaRequest: { usd: 0.2 / 1e6, per: 'request', source: LAMBDA },
  /** arm64, first 7.5 billion GB-seconds a month. */
  lambdaArmGbSecond: { usd: 0.0000133334, per: 'GB-second (arm64)', source: LAMBDA },
  lambdaX86GbSecond: { usd: 0.0000166667, per: 'GB-second (x86_64)', source: LAMBDA },
  /** Response streaming: the first 6 MB of each response are free. */
  lambdaStreamedGb: { usd: 0.008, per: 'GB streamed beyond 6 MB per response', source: LAMBDA },
  /** First 333 million a month. */
  restApiRequest: { usd: 3.5 / 1e6, per: 'REST API request', source: API_GATEWAY },
  /** First billion a month; metered in 32 KB increments, sent or received. */
  webSocketMessage: { usd: 1.0 / 1e6, per: 'WebSocket message (32 KB)', source: API_GATEWAY },
  webSocketConnectionMinute: { usd: 0.25 / 1e6, per: 'connection minute', source: API_GATEWAY },
  /** Since the November 2024 on-demand price cut. */
  dynamoReadRequestUnit: { usd: 0.125 / 1e6, per: 'read request unit', source: DYNAMODB },
  dynamoWriteRequestUnit: { usd: 0.625 / 1e6, per: 'write request unit', source: DYNAMODB },
  /** Each 64 KB chunk of a published payload is one request. */
  snsPublish: { usd: 0.5 / 1e6, per: 'publish (64 KB)', source: SNS },
  snsHttpDelivery: { usd: 0.6 / 1e6, per: 'HTTP/S notification', source: SNS },
  /**
   * Every Event API operation: a publish, each delivery to a subscriber, a connect and a
   * subscribe. The figure is AWS's price-list entry `EventAPI-Operation` ("$1 per million
   * Event API operations"), as a copy of the price list shows it for eu-west-1; us-east-1 is
   * taken to be the same (unconfirmed). Whether keep-alive (`ka`) messages count, and in what
   * size increments a large event is metered, were not confirmed: the model counts neither.
   */
  appSyncEventOperation: {
    usd: 1.0 / 1e6,
    per: 'Event API operation',
    source: APPSYNC,
    readOn: '2026-12-03, from a copy of the AWS price list (eu-west-1 entry)',
  },
  /**
   * The page gives $0.08 per million connection-minutes for AppSync's real-time connections
   * (GraphQL); AppSync Events' connections are taken to cost the same (unconfirmed).
   */
  appSyncConnectionMinute: {
    usd: 0.08 / 1e6,
    per: 'AppSync connection minute',
    source: APPSYNC,
    readOn: '2026-12-03, from an excerpt of the pricing page (GraphQL real-time rate)',
  },
  /** First 10 TB a month (the first 100 GB a month are free account-wide; not counted). */
  dataTransferOutGb: { usd: 0.09, per: 'GB out to the internet', source: TRANSFER },
} as const satisfies Record<string, Price>;

export type Prices = { readonly [K in keyof typeof PRICES]: Price };
