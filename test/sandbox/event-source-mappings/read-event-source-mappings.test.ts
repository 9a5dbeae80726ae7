import type { CfnResource, SynthesizedStack } from '../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../sandbox/platform/resolver';
import { readEventSourceMappings } from '../../../sandbox/event-source-mappings/read-event-source-mappings';
import { synthesizedStack } from '../support/synthesized-app';

const pseudo = { region: 'eu-west-1', accountId: '000000000000', stackName: 'RealtimeChecks' };
const streamArn = (table: string): string =>
  `arn:aws:dynamodb:ddblocal:000000000000:table/${table}/stream/2026-01-01T00:00:00.000`;
const queueArn = (queue: string): string => `arn:aws:sqs:eu-west-1:000000000000:${queue}`;

/** Registers every resource of the template the way the sandbox's resource creators do, with made-up names. */
function resolverFor(resources: Record<string, CfnResource>): Resolver {
  const resolver = new Resolver(pseudo);
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::SQS::Queue') {
      resolver.register(logicalId, {
        ref: `https://sqs.local/${logicalId}`,
        attributes: { Arn: queueArn(logicalId) },
      });
    } else if (resource.Type === 'AWS::DynamoDB::Table') {
      resolver.register(logicalId, { ref: logicalId, attributes: { StreamArn: streamArn(logicalId) } });
    } else {
      resolver.register(logicalId, { ref: `fn-${logicalId}` });
    }
  }
  return resolver;
}

function stackOf(mapping: Record<string, unknown>): { stack: SynthesizedStack; resolver: Resolver } {
  const resources: Record<string, CfnResource> = {
    Table: { Type: 'AWS::DynamoDB::Table' },
    Queue: { Type: 'AWS::SQS::Queue' },
    Failures: { Type: 'AWS::SQS::Queue' },
    Fn: { Type: 'AWS::Lambda::Function' },
    Mapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { FunctionName: { Ref: 'Fn' }, ...mapping },
    },
  };
  return {
    stack: {
      stackName: 'Test',
      template: { Resources: resources },
      assetDirectory: () => {
        throw new Error('no assets');
      },
    },
    resolver: resolverFor(resources),
  };
}

const onStream = { EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] }, StartingPosition: 'LATEST' };
const onQueue = { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] } };

function read(mapping: Record<string, unknown>) {
  const { stack, resolver } = stackOf(mapping);
  return readEventSourceMappings(stack, resolver);
}

describe('readEventSourceMappings', () => {
  it("reads the app's mappings as the template declares them", () => {
    const stack = synthesizedStack();
    const mappings = readEventSourceMappings(stack, resolverFor(stack.template.Resources));
    const byFunction = new Map(mappings.map((mapping) => [mapping.functionName, mapping]));
    expect(mappings).toHaveLength(7);
    const notifier = [...byFunction.entries()].find(([name]) => name.includes('WebSocketNotifier'))?.[1];
    expect(notifier).toMatchObject({
      kind: 'dynamodb-stream',
      eventSourceArn: expect.stringMatching(/^arn:aws:dynamodb:.*:table\/ChecksTable.*\/stream\//),
      enabled: true,
      batchSize: 100,
      maximumBatchingWindowInSeconds: 0,
      startingPosition: 'LATEST',
      maximumRetryAttempts: 10,
      maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: true,
      parallelizationFactor: 10,
      reportBatchItemFailures: true,
      onFailureDestination: expect.stringMatching(/^arn:aws:sqs:.*:WebSocketNotifierStreamFailures/),
      filter: undefined,
    });
    const worker = [...byFunction.entries()].find(([name]) => name.startsWith('fn-Worker2'))?.[1];
    expect(worker).toMatchObject({
      kind: 'sqs',
      eventSourceArn: expect.stringMatching(/:WorkerJobsQueue/),
      batchSize: 10,
      maximumConcurrency: 20,
      reportBatchItemFailures: true,
    });
  });

  it('applies the defaults of each source', () => {
    expect(read(onStream)[0]).toMatchObject({
      batchSize: 100,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      parallelizationFactor: 1,
      reportBatchItemFailures: false,
      onFailureDestination: undefined,
      enabled: true,
    });
    expect(read(onQueue)[0]).toMatchObject({ kind: 'sqs', batchSize: 10, maximumConcurrency: undefined });
  });

  it('reads the lanes per shard from ParallelizationFactor', () => {
    expect(read({ ...onStream, ParallelizationFactor: 4 })[0]).toMatchObject({ parallelizationFactor: 4 });
  });

  it('keeps a function given by ARN as it is', () => {
    const arn = 'arn:aws:lambda:eu-west-1:000000000000:function:other';
    expect(read({ ...onQueue, FunctionName: arn })[0].functionName).toBe(arn);
  });

  it('reads Enabled: false', () => {
    expect(read({ ...onQueue, Enabled: false })[0].enabled).toBe(false);
  });

  it('compiles FilterCriteria', () => {
    const [mapping] = read({
      ...onStream,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
    });
    expect(mapping.filter?.({ eventName: 'INSERT' })).toBe(true);
    expect(mapping.filter?.({ eventName: 'MODIFY' })).toBe(false);
  });

  it.each([
    [
      'a source that is neither a stream nor a queue',
      { EventSourceArn: 'arn:aws:kinesis:eu-west-1:000000000000:stream/clicks', StartingPosition: 'LATEST' },
      /Mapping: its event source arn:aws:kinesis:.* is neither a DynamoDB stream nor an SQS queue/,
    ],
    [
      'a stream without StartingPosition',
      { EventSourceArn: onStream.EventSourceArn },
      /Mapping: .*StartingPosition/,
    ],
    ['AT_TIMESTAMP on a stream', { ...onStream, StartingPosition: 'AT_TIMESTAMP' }, /LATEST or TRIM_HORIZON/],
    ['a tumbling window', { ...onStream, TumblingWindowInSeconds: 60 }, /TumblingWindowInSeconds/],
    ['a retry count out of range', { ...onStream, MaximumRetryAttempts: -2 }, /MaximumRetryAttempts must be/],
    ['a record age below 60 s', { ...onStream, MaximumRecordAgeInSeconds: 30 }, /MaximumRecordAgeInSeconds/],
    [
      'a parallelization factor above 10',
      { ...onStream, ParallelizationFactor: 11 },
      /ParallelizationFactor/,
    ],
    [
      'an S3 on-failure destination',
      { ...onStream, DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::bucket' } } },
      /standard SQS queue or SNS topic/,
    ],
    [
      'a stream setting on a queue',
      { ...onQueue, StartingPosition: 'LATEST' },
      /StartingPosition is not supported on an SQS queue/,
    ],
    [
      'a queue batch above 10 without a window',
      { ...onQueue, BatchSize: 50 },
      /batching window|MaximumBatchingWindowInSeconds/,
    ],
    ['an unknown property', { ...onQueue, Queues: ['x'] }, /Queues is not supported by the sandbox/],
    [
      'a bad FunctionResponseTypes',
      { ...onQueue, FunctionResponseTypes: ['Other'] },
      /FunctionResponseTypes/,
    ],
    [
      'a filter the sandbox cannot run',
      { ...onQueue, FilterCriteria: { Filters: [{ Pattern: '{"body":{"a":[{"cidr":"10.0.0.0/8"}]}}' }] } },
      /Mapping: FilterCriteria cannot be emulated: .*"cidr"/,
    ],
  ])('refuses %s, naming the mapping', (_name, mapping, error) => {
    expect(() => read(mapping)).toThrow(error);
  });

  it('names the mapping when a reference has no local resource', () => {
    expect(() => read({ EventSourceArn: { 'Fn::GetAtt': ['Missing', 'Arn'] } })).toThrow(
      /EventSourceMapping Mapping: EventSourceArn: Fn::GetAtt Missing.Arn/,
    );
  });

  it('accepts the on-failure destination of a stream as a queue ARN', () => {
    const [mapping] = read({
      ...onStream,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } },
    });
    expect(mapping).toMatchObject({ onFailureDestination: queueArn('Failures') });
  });
});
