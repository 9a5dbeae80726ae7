import type { Writable } from 'node:stream';
import { FakeResponseStream, type ResponseMetadata } from './support';

/** The handlers the module under test passed to `awslambda.streamifyResponse`. */
export const streamified: unknown[] = [];

// The Lambda runtime provides `awslambda` as a global; the module under test uses it at load.
Object.assign(globalThis, {
  awslambda: {
    streamifyResponse: <F>(fn: F): F => {
      streamified.push(fn);
      return fn;
    },
    HttpResponseStream: {
      from: (stream: Writable, metadata: ResponseMetadata): Writable => {
        if (!(stream instanceof FakeResponseStream)) throw new Error('not the fake response stream');
        if (stream.pendingMetadata !== undefined) throw new Error('the response metadata was set twice');
        stream.pendingMetadata = metadata;
        return stream;
      },
    },
  },
});
