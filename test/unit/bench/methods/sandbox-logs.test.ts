import { invocationDurationsIn, streamReadsIn } from '../../../../bench/suites/methods/sandbox-logs';

const line = (checkId: string, reads: number, message = 'Event stream ended') =>
  JSON.stringify({
    level: 'INFO',
    message,
    service: 'check-events',
    checkId,
    reads,
    end: 'terminal',
    events: 3,
  });

describe('streamReadsIn', () => {
  it('sums the reads of the ended streams of one check, skipping platform lines and other checks', () => {
    const text = [
      'START RequestId: 1 Version: $LATEST',
      line('a', 4),
      line('b', 9),
      line('a', 3),
      line('a', 1, 'Event stream not opened: the client has the final event'),
      'REPORT RequestId: 1\tDuration: 3 ms',
    ].join('\n');
    expect(streamReadsIn(text, 'a')).toEqual({ total: 7, found: 2 });
  });
});

describe('invocationDurationsIn', () => {
  it('takes the REPORT that ends each invocation which logged the message for the check', () => {
    const pushed = (eventId: string) => JSON.stringify({ message: 'Change pushed', eventId, delivered: 100 });
    const text = [
      'START RequestId: 1',
      pushed('check-a:2'),
      'END RequestId: 1',
      'REPORT RequestId: 1\tDuration: 81.50 ms\tBilled Duration: 82 ms',
      'START RequestId: 2',
      pushed('check-b:2'),
      'REPORT RequestId: 2\tDuration: 5.00 ms',
      pushed('check-a:3'),
      'REPORT RequestId: 3\tDuration: 120.25 ms',
    ].join('\n');
    expect(invocationDurationsIn(text, 'check-a', 'Change pushed')).toEqual([81.5, 120.25]);
  });
});
