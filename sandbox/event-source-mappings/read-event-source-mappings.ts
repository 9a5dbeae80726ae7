import { resourcesOfType, type SynthesizedStack } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import { arnKind, isFifo } from './arns';
import { compileFilterCriteria, type RecordFilter } from './event-filter';
import type { EventSourceMapping, MappingBase, QueueMapping, StreamMapping } from './event-source-mapping';

const COMMON = ['EventSourceArn', 'FunctionName', 'Enabled', 'BatchSize', 'MaximumBatchingWindowInSeconds'];
const SHARED = ['FunctionResponseTypes', 'FilterCriteria'];
const STREAM_ONLY = [
  'StartingPosition',
  'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'ParallelizationFactor',
  'DestinationConfig',
  'TumblingWindowInSeconds',
];
const QUEUE_ONLY = ['ScalingConfig'];
/** Settings with no behaviour to emulate on one machine: tags, encryption of the filter, metrics, provisioned pollers. */
const WITHOUT_LOCAL_EFFECT = ['Tags', 'KmsKeyArn', 'MetricsConfig', 'ProvisionedPollerConfig'];

type Json = ReturnType<Resolver['resolve']>;

/** The settings read the same way whatever the source; the batch size's default depends on it. */
type CommonSettings = Omit<MappingBase, 'batchSize'>;

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one mapping's properties, resolving each, and names the mapping in every error. */
class MappingProperties {
  constructor(
    private readonly logicalId: string,
    private readonly properties: Record<string, unknown>,
    private readonly resolver: Resolver,
  ) {}

  fail(problem: string): never {
    throw new Error(`EventSourceMapping ${this.logicalId}: ${problem}`);
  }

  has(name: string): boolean {
    return this.properties[name] !== undefined;
  }

  value(name: string): Json | undefined {
    if (!this.has(name)) return undefined;
    try {
      return this.resolver.resolve(this.properties[name]);
    } catch (error) {
      return this.fail(`${name}: ${(error as Error).message}`);
    }
  }

  string(name: string): string {
    const value = this.value(name);
    if (typeof value !== 'string' || value === '')
      this.fail(`${name} must be a string, not ${JSON.stringify(value)}`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.value(name);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.fail(`${name} must be true or false, not ${JSON.stringify(value)}`);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.value(name);
    if (value === undefined) return fallback;
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      return this.fail(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
    }
    return number;
  }

  rejectUnknown(allowed: readonly string[], source: string): void {
    for (const name of Object.keys(this.properties)) {
      if (allowed.includes(name) || WITHOUT_LOCAL_EFFECT.includes(name)) continue;
      const where = [...STREAM_ONLY, ...QUEUE_ONLY].includes(name) ? `on ${source}` : 'by the sandbox';
      this.fail(`${name} is not supported ${where}`);
    }
  }

  reportBatchItemFailures(): boolean {
    const types = this.value('FunctionResponseTypes');
    if (types === undefined) return false;
    if (!Array.isArray(types) || !types.every((type) => type === 'ReportBatchItemFailures')) {
      return this.fail(
        `FunctionResponseTypes may only hold "ReportBatchItemFailures": ${JSON.stringify(types)}`,
      );
    }
    return types.length > 0;
  }

  filter(): RecordFilter | undefined {
    const criteria = this.value('FilterCriteria');
    if (criteria === undefined) return undefined;
    const filters = isObject(criteria) ? criteria.Filters : undefined;
    if (filters === undefined || (Array.isArray(filters) && filters.length === 0)) return undefined;
    if (!Array.isArray(filters)) return this.fail('FilterCriteria.Filters must be a list');
    const patterns = filters.map((filter) =>
      isObject(filter) && typeof filter.Pattern === 'string'
        ? filter.Pattern
        : this.fail(`each FilterCriteria filter needs a Pattern string: ${JSON.stringify(filter)}`),
    );
    try {
      return compileFilterCriteria(patterns);
    } catch (error) {
      return this.fail(`FilterCriteria cannot be emulated: ${(error as Error).message}`);
    }
  }
}

function readStreamMapping(props: MappingProperties, base: CommonSettings): StreamMapping {
  props.rejectUnknown([...COMMON, ...SHARED, ...STREAM_ONLY], 'a DynamoDB stream');
  const startingPosition = props.has('StartingPosition') ? props.string('StartingPosition') : undefined;
  if (startingPosition !== 'LATEST' && startingPosition !== 'TRIM_HORIZON') {
    props.fail(`a DynamoDB stream needs StartingPosition LATEST or TRIM_HORIZON, not ${startingPosition}`);
  }
  if (props.integer('TumblingWindowInSeconds', 0, 0, 900) > 0) {
    props.fail('TumblingWindowInSeconds (stateful windows) is not emulated by the sandbox');
  }
  const maximumRecordAgeInSeconds = props.integer('MaximumRecordAgeInSeconds', -1, -1, 604_800);
  if (maximumRecordAgeInSeconds !== -1 && maximumRecordAgeInSeconds < 60) {
    props.fail(`MaximumRecordAgeInSeconds must be -1 or from 60 to 604800, not ${maximumRecordAgeInSeconds}`);
  }
  return {
    ...base,
    kind: 'dynamodb-stream',
    batchSize: props.integer('BatchSize', 100, 1, 10_000),
    startingPosition,
    maximumRetryAttempts: props.integer('MaximumRetryAttempts', -1, -1, 10_000),
    maximumRecordAgeInSeconds,
    bisectBatchOnFunctionError: props.boolean('BisectBatchOnFunctionError', false),
    parallelizationFactor: props.integer('ParallelizationFactor', 1, 1, 10),
    onFailureDestination: onFailureDestination(props),
  };
}

function onFailureDestination(props: MappingProperties): string | undefined {
  const config = props.value('DestinationConfig');
  if (config === undefined) return undefined;
  if (!isObject(config)) return props.fail('DestinationConfig must be an object');
  const { OnFailure: onFailure, ...others } = config;
  if (Object.keys(others).length > 0)
    props.fail(`DestinationConfig.${Object.keys(others)[0]} is not supported`);
  if (onFailure === undefined) return undefined;
  const destination = isObject(onFailure) ? onFailure.Destination : undefined;
  if (typeof destination !== 'string')
    return props.fail('DestinationConfig.OnFailure needs a Destination ARN');
  const kind = arnKind(destination);
  if ((kind !== 'sqs' && kind !== 'sns') || isFifo(destination)) {
    props.fail(
      `the on-failure destination ${destination} must be a standard SQS queue or SNS topic in the sandbox`,
    );
  }
  return destination;
}

function readQueueMapping(props: MappingProperties, base: CommonSettings): QueueMapping {
  props.rejectUnknown([...COMMON, ...SHARED, ...QUEUE_ONLY], 'an SQS queue');
  const fifo = isFifo(base.eventSourceArn);
  const batchSize = props.integer('BatchSize', 10, 1, fifo ? 10 : 10_000);
  if (fifo && base.maximumBatchingWindowInSeconds > 0) props.fail('a FIFO queue takes no batching window');
  if (batchSize > 10 && base.maximumBatchingWindowInSeconds < 1) {
    props.fail('a BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1');
  }
  const scaling = props.value('ScalingConfig');
  let maximumConcurrency: number | undefined;
  if (scaling !== undefined) {
    const value = isObject(scaling) ? scaling.MaximumConcurrency : undefined;
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > 1000)
    ) {
      props.fail(
        `ScalingConfig.MaximumConcurrency must be an integer from 2 to 1000, not ${JSON.stringify(value)}`,
      );
    }
    maximumConcurrency = value;
  }
  return { ...base, kind: 'sqs', batchSize, maximumConcurrency };
}

function readMapping(
  logicalId: string,
  properties: Record<string, unknown>,
  resolver: Resolver,
): EventSourceMapping {
  const props = new MappingProperties(logicalId, properties, resolver);
  const eventSourceArn = props.string('EventSourceArn');
  const base = {
    logicalId,
    eventSourceArn,
    functionName: props.string('FunctionName'),
    enabled: props.boolean('Enabled', true),
    maximumBatchingWindowInSeconds: props.integer('MaximumBatchingWindowInSeconds', 0, 0, 300),
    reportBatchItemFailures: props.reportBatchItemFailures(),
    filter: props.filter(),
  };
  switch (arnKind(eventSourceArn)) {
    case 'dynamodb-stream':
      return readStreamMapping(props, base);
    case 'sqs':
      return readQueueMapping(props, base);
    default:
      return props.fail(
        `its event source ${eventSourceArn} is neither a DynamoDB stream nor an SQS queue, the only sources the sandbox polls`,
      );
  }
}

/** The stack's `AWS::Lambda::EventSourceMapping` resources, resolved and checked; throws naming the first that cannot run. */
export function readEventSourceMappings(stack: SynthesizedStack, resolver: Resolver): EventSourceMapping[] {
  return resourcesOfType(stack.template, 'AWS::Lambda::EventSourceMapping').map(({ logicalId, properties }) =>
    readMapping(logicalId, properties, resolver),
  );
}
