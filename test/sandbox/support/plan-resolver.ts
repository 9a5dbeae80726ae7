import { Resolver } from '../../../sandbox/platform/resolver';

/** A resolver for the plans of a stack named `Stack`, with a dead-letter queue and a topic registered. */
export function planResolver(): Resolver {
  const r = new Resolver({ region: 'us-east-1', accountId: '000000000000', stackName: 'Stack' });
  r.register('Dlq', {
    ref: 'http://q/Dlq',
    attributes: { Arn: 'arn:aws:sqs:us-east-1:000000000000:Stack-Dlq' },
  });
  r.register('Topic', { ref: 'arn:aws:sns:us-east-1:000000000000:Stack-Topic' });
  return r;
}
