import {
  evaluateSelectionExpression,
  selectRoute,
} from '../../../../sandbox/apigateway/websocket/route-selection';

const KEYS = ['$connect', '$disconnect', 'subscribe', 'ping', '$default'];

describe('evaluateSelectionExpression', () => {
  it('selects a body property', () => {
    expect(evaluateSelectionExpression('$request.body.action', '{"action":"subscribe"}')).toBe('subscribe');
  });

  it('follows a nested path and stringifies what it finds', () => {
    expect(evaluateSelectionExpression('$request.body.meta.kind', '{"meta":{"kind":7}}')).toBe('7');
    expect(evaluateSelectionExpression('$request.body.flag', '{"flag":true}')).toBe('true');
    expect(evaluateSelectionExpression('$request.body.obj', '{"obj":{"a":1}}')).toBe('{"a":1}');
  });

  it('fills a template of several variables', () => {
    expect(
      evaluateSelectionExpression(
        '${request.body.service}/${request.body.action}',
        '{"service":"s","action":"a"}',
      ),
    ).toBe('s/a');
    expect(
      evaluateSelectionExpression('${request.body.service}/${request.body.action}', '{"service":"s"}'),
    ).toBe(undefined);
  });

  it('finds nothing in a body that is not JSON, or where the property is missing or null', () => {
    expect(evaluateSelectionExpression('$request.body.action', 'hello')).toBeUndefined();
    expect(evaluateSelectionExpression('$request.body.action', '{"other":1}')).toBeUndefined();
    expect(evaluateSelectionExpression('$request.body.action', '{"action":null}')).toBeUndefined();
    expect(evaluateSelectionExpression('$request.body.action', '"subscribe"')).toBeUndefined();
  });
});

describe('selectRoute', () => {
  it('prefers the exact route key', () => {
    expect(selectRoute('$request.body.action', '{"action":"ping"}', KEYS)).toBe('ping');
  });

  it('falls back to $default for an unknown action, a non-JSON body or no action', () => {
    expect(selectRoute('$request.body.action', '{"action":"dance"}', KEYS)).toBe('$default');
    expect(selectRoute('$request.body.action', 'not json', KEYS)).toBe('$default');
    expect(selectRoute('$request.body.action', '{}', KEYS)).toBe('$default');
  });

  it('never routes a message to $connect or $disconnect', () => {
    expect(selectRoute('$request.body.action', '{"action":"$connect"}', KEYS)).toBe('$default');
    expect(selectRoute('$request.body.action', '{"action":"$disconnect"}', ['$disconnect'])).toBeUndefined();
  });

  it('finds no route when nothing matches and there is no $default', () => {
    expect(selectRoute('$request.body.action', '{"action":"dance"}', ['subscribe'])).toBeUndefined();
  });
});
