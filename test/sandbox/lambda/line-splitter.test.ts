import { LineSplitter } from '../../../sandbox/lambda/line-splitter';

describe('LineSplitter', () => {
  it('cuts at newlines across chunks, keeps carriage returns inside a line, and flushes the rest', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const euro = Buffer.from('€');
    splitter.push(Buffer.from('first\rstill first\nsec'));
    splitter.push(Buffer.concat([Buffer.from('ond '), euro.subarray(0, 1)]));
    splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\nlast')]));
    splitter.end();
    expect(lines).toEqual(['first\rstill first', 'second €', 'last']);
  });
});
