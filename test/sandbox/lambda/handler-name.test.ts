import { parseHandlerName } from '../../../sandbox/lambda/handler-name';

describe('parseHandlerName', () => {
  it('splits module and export', () => {
    expect(parseHandlerName('index.handler')).toEqual({
      moduleRoot: '',
      module: 'index',
      exportPath: 'handler',
    });
  });

  it('keeps the folder of a nested module and a nested export path', () => {
    expect(parseHandlerName('src/app.handler')).toEqual({
      moduleRoot: 'src/',
      module: 'app',
      exportPath: 'handler',
    });
    expect(parseHandlerName('a/b/app.api.handler')).toEqual({
      moduleRoot: 'a/b/',
      module: 'app',
      exportPath: 'api.handler',
    });
  });

  it('refuses a name without an export and any `..`, as the runtime does', () => {
    expect(() => parseHandlerName('index')).toThrow('Bad handler');
    expect(() => parseHandlerName('../up.handler')).toThrow('is not a valid handler name');
  });
});
