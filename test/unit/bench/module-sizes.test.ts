import { sdkEntries, sdkPackage, splitLoaded } from '../../../bench/suites/functions/module-sizes';

const sdk = '/p/node_modules/@aws-sdk/client-sns/dist-cjs/index.js';
const sdkInner = '/p/node_modules/@aws-sdk/core/dist-cjs/index.js';
const lib = '/p/node_modules/@aws-sdk/lib-dynamodb/dist-cjs/index.js';
const smithy = '/p/node_modules/@smithy/core/index.js';
const zod = '/p/node_modules/zod/index.js';
const modules = [
  { file: '/p/h.js', children: ['/p/domain.js', sdk] },
  { file: '/p/domain.js', children: [zod, lib, sdk] },
  { file: zod, children: [] },
  { file: sdk, children: [smithy, sdkInner] },
  { file: sdkInner, children: [] },
  { file: lib, children: [] },
  { file: smithy, children: [] },
];

describe('splitLoaded', () => {
  it('counts what the handler reaches without going through the AWS SDK as its own', () => {
    const sizes: Record<string, number> = {
      '/p/h.js': 1,
      '/p/domain.js': 2,
      [zod]: 4,
      [sdk]: 8,
      [smithy]: 16,
      [sdkInner]: 32,
      [lib]: 64,
    };
    expect(splitLoaded('/p/h.js', modules, (f) => sizes[f])).toEqual({
      own: 7,
      external: 120,
      ownFiles: 3,
      externalFiles: 4,
    });
  });
});

describe('sdkEntries', () => {
  it("lists the SDK files the handler's own modules require, once each, not what the SDK requires", () => {
    expect(sdkEntries('/p/h.js', modules)).toEqual([sdk, lib]);
  });

  it('is empty for a handler that requires no SDK', () => {
    expect(sdkEntries('/p/domain.js', [{ file: '/p/domain.js', children: [zod] }])).toEqual([]);
  });
});

describe('sdkPackage', () => {
  it('names the package a file belongs to', () => {
    expect(sdkPackage(lib)).toBe('@aws-sdk/lib-dynamodb');
    expect(sdkPackage('C:\\p\\node_modules\\@aws-sdk\\client-sns\\index.js')).toBe('@aws-sdk/client-sns');
  });
});
