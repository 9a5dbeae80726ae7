import { InvalidJsonError, NotFoundError, ValidationError } from '../../../lambda/shared/errors';
import { errorReply, parseRequest, UnknownActionError } from '../../../lambda/websocket/protocol';

const CHECK_ID = '0b6f3f0e-4a8e-4c1e-9d55-2f7f6f0d7a11';

describe('parseRequest', () => {
  it.each(['subscribe', 'unsubscribe'] as const)('reads %s with its check id', (action) => {
    expect(parseRequest(JSON.stringify({ action, checkId: CHECK_ID }))).toEqual({
      action,
      checkId: CHECK_ID,
    });
  });

  it('reads ping, ignoring other fields', () => {
    expect(parseRequest('{"action":"ping","extra":1}')).toEqual({ action: 'ping' });
  });

  it.each([['{"action":'], ['hello'], [''], [undefined]])('refuses %p as INVALID_JSON', (body) => {
    expect(() => parseRequest(body)).toThrow(InvalidJsonError);
  });

  it('names the unknown action and lists the known ones', () => {
    expect(() => parseRequest('{"action":"shout"}')).toThrow(
      new UnknownActionError('Unknown action "shout"; use subscribe, unsubscribe or ping'),
    );
  });

  it.each([
    ['no action', '{"checkId":"x"}', 'The message has no "action"'],
    ['an action that is not a string', '{"action":7}', 'The "action" must be a string'],
    ['an array', '["subscribe"]', 'must be a JSON object'],
    ['a JSON string', '"ping"', 'must be a JSON object'],
    ['null', 'null', 'must be a JSON object'],
  ])('refuses %s as UNKNOWN_ACTION', (_, body, message) => {
    let thrown: unknown;
    try {
      parseRequest(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownActionError);
    expect((thrown as Error).message).toContain(message);
  });

  it.each([
    ['a missing check id', '{"action":"subscribe"}'],
    ['a check id that is not a UUID', '{"action":"unsubscribe","checkId":"abc"}'],
    ['a numeric check id', '{"action":"subscribe","checkId":5}'],
  ])('refuses %s as VALIDATION_ERROR', (_, body) => {
    expect(() => parseRequest(body)).toThrow(ValidationError);
  });

  it('says which field is wrong', () => {
    expect(() => parseRequest('{"action":"subscribe","checkId":"abc"}')).toThrow(
      'Invalid subscribe message: checkId: must be a check id (a UUID)',
    );
  });
});

describe('errorReply', () => {
  it("carries the error's code and message", () => {
    expect(errorReply(new NotFoundError('Check x not found'))).toEqual({
      type: 'error',
      code: 'NOT_FOUND',
      message: 'Check x not found',
    });
    expect(errorReply(new UnknownActionError('no'))).toMatchObject({ code: 'UNKNOWN_ACTION' });
  });
});
