import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaServer, thrown } from './server-harness';

let s: Awaited<ReturnType<typeof startLambdaServer>>;

beforeAll(async () => {
  s = await startLambdaServer();
  s.deploy('echo', 'echo');
  s.deploy('throws', 'throws');
});

afterAll(async () => {
  await s.close();
});

const json = (payload: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('Invoke', () => {
  describe('functionality', () => {
    it('runs the function and returns its result with the executed version', async () => {
      // Act
      const out = await s.lambdaClient.send(
        new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"orderId":"o-1"}') })
      );
      // Assert
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBeUndefined();
      expect(out.ExecutedVersion).toBe('$LATEST');
      expect(json(out.Payload)).toEqual({
        event: { orderId: 'o-1' },
        functionName: 'echo',
        greeting: null,
      });
    });

    it('answers 200 with X-Amz-Function-Error and the error object when the handler throws', async () => {
      // Act
      const out = await s.lambdaClient.send(new InvokeCommand({ FunctionName: 'throws' }));
      // Assert
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBe('Unhandled');
      expect(json(out.Payload)).toMatchObject({
        errorType: 'PoisonRecordError',
        errorMessage: 'order 42 is poison',
      });
    });

    it('returns the tail of the invocation log, base64, with LogType Tail', async () => {
      // Act
      const out = await s.lambdaClient.send(
        new InvokeCommand({
          FunctionName: 'echo',
          LogType: 'Tail',
          Payload: Buffer.from('{"x":1}'),
        })
      );
      // Assert
      const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
      expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST\n/);
      expect(log).toContain('\tINFO\techo {"x":1}\n');
      expect(log).toMatch(/REPORT RequestId: \S+\tDuration: /);
    });

    it('accepts a payload without Content-Type (as the AWS CLI sends it) and the function ARN', async () => {
      // Act
      const res = await fetch(
        `${s.endpoint}/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:echo')}/invocations`,
        { method: 'POST', body: '{"cli":true}' }
      );
      // Assert
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amz-executed-version')).toBe('$LATEST');
      expect(((await res.json()) as { event: unknown }).event).toEqual({ cli: true });
    });

    it('queues an Event invocation (202) and answers a DryRun with 204', async () => {
      // Act
      const event = await s.lambdaClient.send(
        new InvokeCommand({
          FunctionName: 'echo',
          InvocationType: 'Event',
          Payload: Buffer.from('{"async":1}'),
        })
      );
      const dry = await s.lambdaClient.send(
        new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' })
      );
      // Assert
      expect(event.StatusCode).toBe(202);
      expect(dry.StatusCode).toBe(204);
      expect(s.metrics.sum('AWS/Lambda', 'AsyncEventsReceived', { FunctionName: 'echo' })).toBe(1);
    });
  });

  describe('validations', () => {
    it('fails an unknown function with ResourceNotFoundException (404) naming its ARN', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(new InvokeCommand({ FunctionName: 'nope' }))
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(
        'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope'
      );
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
    });

    it('fails a payload that is not JSON with InvalidRequestContentException', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(
          new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('not json') })
        )
      );
      // Assert
      expect(error.name).toBe('InvalidRequestContentException');
      expect(error.message).toBe(
        'Could not parse request body into json: Could not parse payload into json'
      );
    });

    it('fails an unknown invocation type with a ValidationException', async () => {
      // Act
      const res = await fetch(`${s.endpoint}/2015-03-31/functions/echo/invocations`, {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'Later' },
        body: '{}',
      });
      // Assert
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
      expect(((await res.json()) as { message: string }).message).toBe(
        "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
      );
    });
  });
});
