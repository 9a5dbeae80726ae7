import { SnapshotStream } from '../../../load/websocket/snapshot-stream';

function recording(): { stream: SnapshotStream; started: number[]; received: number[] } {
  const started: number[] = [];
  const received: number[] = [];
  const stream = new SnapshotStream({
    started: (version) => started.push(version),
    received: (version) => received.push(version),
  });
  return { stream, started, received };
}

describe('SnapshotStream', () => {
  it('passes on the snapshot, then each version pushed after it', () => {
    const { stream, started, received } = recording();
    stream.subscribed(1);
    for (const version of [2, 3, 4]) stream.pushed(version);
    expect(started).toEqual([1]);
    expect(received).toEqual([2, 3, 4]);
    expect(stream.overlaps).toBe(0);
  });

  it('takes the first push at or below the snapshot as the overlap the contract allows', () => {
    const { stream, received } = recording();
    stream.subscribed(3);
    stream.pushed(2);
    stream.pushed(3);
    stream.pushed(4);
    expect(received).toEqual([4]);
    expect(stream.overlaps).toBe(2);
  });

  it('passes on a second push of an overlapped version, for the ledger to count', () => {
    const { stream, received } = recording();
    stream.subscribed(3);
    stream.pushed(3);
    stream.pushed(3);
    expect(received).toEqual([3]);
  });

  it('holds pushes that arrive before the reply and takes them after the snapshot, in arrival order', () => {
    const { stream, started, received } = recording();
    stream.pushed(5);
    stream.pushed(4);
    stream.pushed(6);
    expect(started).toEqual([]);
    stream.subscribed(4);
    expect(started).toEqual([4]);
    expect(received).toEqual([5, 6]);
    expect(stream.overlaps).toBe(1);
  });

  it('keeps an out-of-order push in its place', () => {
    const { stream, received } = recording();
    stream.subscribed(1);
    stream.pushed(3);
    stream.pushed(2);
    expect(received).toEqual([3, 2]);
  });

  it('takes one snapshot', () => {
    const { stream } = recording();
    stream.subscribed(1);
    expect(() => stream.subscribed(2)).toThrow('one snapshot');
  });
});
