import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DummyServer, h2Request, json, startDummyServer } from './dummy';

let d: DummyServer;

beforeAll(async () => {
  d = await startDummyServer();
});

afterAll(async () => {
  await d.close();
});

function post(
  target: string | undefined,
  body: string,
  contentType = 'application/x-amz-json-1.0'
) {
  return fetch(d.server.endpoint, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(target ? { 'x-amz-target': target } : {}) },
    body,
  });
}

describe('awsJson routing', () => {
  describe('functionality', () => {
    it('routes X-Amz-Target to the service with that prefix and answers JSON 1.0', async () => {
      // Act
      const res = await post('Dummy_20200101.Echo', '{"A":1}');
      const body = await json(res);
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      expect(body.Input).toEqual({ A: 1 });
      expect(body.RequestId).toBe(res.headers.get('x-amzn-requestid'));
      expect(body.Endpoint).toBe(d.server.endpoint);
    });

    it('answers JSON 1.1 for a 1.1 service', async () => {
      // Act
      const res = await post('Plain_20200101.Ping', '{}', 'application/x-amz-json-1.1');
      // Assert
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await json(res)).toEqual({ Pong: true });
    });

    it('treats an empty body as {}', async () => {
      // Act
      const res = await post('Dummy_20200101.Echo', '');
      // Assert
      expect((await json(res)).Input).toEqual({});
    });

    it('serves HTTP/2 cleartext with prior knowledge on the same port', async () => {
      // Act
      const res = await h2Request(
        d.server.endpoint,
        { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Plain_20200101.Ping' },
        '{}'
      );
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(JSON.parse(res.body)).toEqual({ Pong: true });
    });

    it('logs one line per request when verbose', async () => {
      // Act
      await post('Plain_20200101.Fail', '{}');
      // Assert
      expect(d.lines.at(-1)).toMatch(
        /^\[emulator\] plain Fail 400 ResourceNotFoundException \d+ms$/
      );
      expect(d.lines.some((l) => /^\[emulator\] dummy Echo 200 \d+ms$/.test(l))).toBe(true);
    });
  });

  describe('validations', () => {
    it('writes errors with the service __type prefix and the query-compatible header', async () => {
      // Act
      const res = await post('Dummy_20200101.Fail', '{}');
      // Assert
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-query-error')).toBe('AWS.Dummy.NonExistentQueue;Sender');
      expect(await json(res)).toEqual({
        __type: 'com.amazonaws.dummy#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
      });
    });

    it('omits the query error header for services that are not query-compatible', async () => {
      // Act
      const res = await post('Plain_20200101.Fail', '{}');
      // Assert
      expect(res.headers.get('x-amzn-query-error')).toBeNull();
      expect(await json(res)).toEqual({
        __type: 'ResourceNotFoundException',
        message: 'Thing t not found.',
      });
    });

    it('answers an unknown operation of a known service with UnknownOperationException', async () => {
      // Act
      const res = await post('Dummy_20200101.Nope', '{}');
      // Assert
      expect(res.status).toBe(400);
      expect((await json(res)).__type).toBe('com.amazonaws.dummy#UnknownOperationException');
    });

    it('answers an unknown target prefix with UnknownOperationException', async () => {
      // Act
      const res = await post('Nobody_20200101.Anything', '{}');
      // Assert
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({
        __type: 'UnknownOperationException',
        message: 'Unknown operation Nobody_20200101.Anything',
      });
    });

    it('answers a JSON body without X-Amz-Target with a clear 400', async () => {
      // Act
      const res = await post(undefined, '{}');
      // Assert
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({
        __type: 'UnknownOperationException',
        message: 'Missing X-Amz-Target header: unable to determine service/operation name',
      });
    });

    it.each([
      ['not JSON', '{"A":', 'Malformed JSON request body:'],
      ['a JSON array', '[1]', 'Start of list found where not expected'],
      ['a JSON string', '"x"', 'Expected a JSON object as the request body'],
    ])('answers %s with a SerializationException', async (_name, requestBody, message) => {
      // Act
      const res = await post('Dummy_20200101.Echo', requestBody);
      const body = await json(res);
      // Assert
      expect(res.status).toBe(400);
      expect(body.__type).toBe('com.amazonaws.dummy#SerializationException');
      expect(body.message).toContain(message);
    });

    it('turns a bug in an action into a 500 InternalFailure, reports it, and keeps serving', async () => {
      // Act
      const res = await post('Dummy_20200101.Boom', '{}');
      const next = await post('Plain_20200101.Ping', '{}');
      // Assert
      expect(res.status).toBe(500);
      expect(res.headers.get('x-amzn-query-error')).toBe('InternalFailure;Receiver');
      expect((await json(res)).__type).toBe('com.amazonaws.dummy#InternalFailure');
      expect(d.bugs).toContain('Dummy_20200101.Boom: a bug in an action');
      expect(next.status).toBe(200);
    });
  });
});
