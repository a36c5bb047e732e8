import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DummyServer, json, startDummyServer } from './dummy';

let d: DummyServer;

beforeAll(async () => {
  d = await startDummyServer();
});

afterAll(async () => {
  await d.close();
});

describe('restJson routing', () => {
  describe('functionality', () => {
    it('matches method and path, decodes path and query parameters', async () => {
      // Act
      const res = await fetch(`${d.server.endpoint}/v1/things/my%20thing?Qualifier=7`);
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await json(res)).toEqual({ Thing: { Name: 'my thing', Qualifier: '7' } });
    });

    it('ignores a trailing slash', async () => {
      // Act
      const res = await fetch(`${d.server.endpoint}/v1/things/t/`);
      // Assert
      expect(res.status).toBe(200);
    });

    it('lets a route read headers and the raw body and choose status and headers', async () => {
      // Act
      const sync = await fetch(`${d.server.endpoint}/2015-03-31/functions/f1/invocations`, {
        method: 'POST',
        body: '{"x":1}',
      });
      const async = await fetch(`${d.server.endpoint}/2015-03-31/functions/f1/invocations`, {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'Event' },
        body: '{}',
      });
      // Assert
      expect(sync.status).toBe(200);
      expect(sync.headers.get('x-amz-executed-version')).toBe('$LATEST');
      expect(await sync.text()).toBe('f1:{"x":1}');
      expect(async.status).toBe(202);
    });

    it('answers 204 with an empty body when the route says so', async () => {
      // Act
      const res = await fetch(`${d.server.endpoint}/v1/things/t`, { method: 'DELETE' });
      // Assert
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
    });
  });

  describe('validations', () => {
    it('writes errors with x-amzn-ErrorType and the status of the error', async () => {
      // Act
      const res = await fetch(`${d.server.endpoint}/v1/things/missing`, { method: 'DELETE' });
      // Assert
      expect(res.status).toBe(404);
      expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
      expect(await json(res)).toEqual({ Type: 'User', message: 'Function not found: missing' });
    });

    it('answers a path no route matches with UnknownOperationException', async () => {
      // Act
      const res = await fetch(`${d.server.endpoint}/v2/unknown`, { method: 'PUT', body: '{}' });
      // Assert
      expect(res.status).toBe(404);
      expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect((await json(res)).message).toBe('No operation matches PUT /v2/unknown');
    });
  });
});
