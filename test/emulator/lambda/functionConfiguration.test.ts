import {
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaServer, thrown } from './server-harness';

let s: Awaited<ReturnType<typeof startLambdaServer>>;

beforeAll(async () => {
  s = await startLambdaServer();
  s.deploy('echo', 'echo', { environment: { GREETING: 'hello' } });
  s.deploy('other', 'echo');
});

afterAll(async () => {
  await s.close();
});

describe('GetFunctionConfiguration', () => {
  describe('functionality', () => {
    it('describes the function as Lambda does', async () => {
      // Act
      const out = await s.lambdaClient.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'echo' })
      );
      // Assert
      expect(out).toMatchObject({
        FunctionName: 'echo',
        FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Timeout: 30,
        MemorySize: 128,
        Version: '$LATEST',
        Environment: { Variables: { GREETING: 'hello' } },
        State: 'Active',
        LastUpdateStatus: 'Successful',
        PackageType: 'Zip',
        LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/echo' },
      });
      expect(out.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(out.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('validations', () => {
    it('fails an unknown function with ResourceNotFoundException', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(new GetFunctionConfigurationCommand({ FunctionName: 'nope' }))
      );
      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(
        'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope'
      );
    });
  });
});

describe('GetFunction and ListFunctions', () => {
  describe('functionality', () => {
    it('returns the configuration and a code location, and lists every function', async () => {
      // Act
      const fn = await s.lambdaClient.send(new GetFunctionCommand({ FunctionName: 'echo' }));
      const list = await s.lambdaClient.send(new ListFunctionsCommand({}));
      const page = await s.lambdaClient.send(new ListFunctionsCommand({ MaxItems: 1 }));
      const next = await s.lambdaClient.send(
        new ListFunctionsCommand({ MaxItems: 1, Marker: page.NextMarker })
      );
      // Assert
      expect(fn.Configuration?.FunctionName).toBe('echo');
      expect(fn.Code?.RepositoryType).toBe('S3');
      expect(list.Functions?.map((f) => f.FunctionName)).toEqual(['echo', 'other']);
      expect(page.Functions?.map((f) => f.FunctionName)).toEqual(['echo']);
      expect(next.Functions?.map((f) => f.FunctionName)).toEqual(['other']);
      expect(next.NextMarker).toBeUndefined();
    });
  });
});

describe('UpdateFunctionConfiguration', () => {
  describe('functionality', () => {
    it('changes timeout, memory and environment for the next invocations', async () => {
      // Arrange
      const before = await s.lambdaClient.send(
        new GetFunctionConfigurationCommand({ FunctionName: 'echo' })
      );
      // Act
      const out = await s.lambdaClient.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'echo',
          Timeout: 10,
          MemorySize: 256,
          Environment: { Variables: { GREETING: 'bonjour' } },
        })
      );
      const invoked = await s.lambdaClient.send(new InvokeCommand({ FunctionName: 'echo' }));
      // Assert
      expect(out).toMatchObject({
        Timeout: 10,
        MemorySize: 256,
        Environment: { Variables: { GREETING: 'bonjour' } },
      });
      expect(out.RevisionId).not.toBe(before.RevisionId);
      expect(JSON.parse(Buffer.from(invoked.Payload ?? []).toString()).greeting).toBe('bonjour');
      expect(s.lambda.store.runtime.getFunction('echo').timeout).toBe(10);
    });
  });

  describe('validations', () => {
    it('fails a timeout below 1 or above 900, memory below 128, and reserved environment keys', async () => {
      // Act
      const low = await thrown(() =>
        s.lambdaClient.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Timeout: 0 })
        )
      );
      const high = await thrown(() =>
        s.lambdaClient.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', Timeout: 901 })
        )
      );
      const memory = await thrown(() =>
        s.lambdaClient.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'echo', MemorySize: 64 })
        )
      );
      const reserved = await thrown(() =>
        s.lambdaClient.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'echo',
            Environment: { Variables: { AWS_REGION: 'eu-west-1' } },
          })
        )
      );
      // Assert
      expect(low.name).toBe('ValidationException');
      expect(low.message).toBe(
        "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1"
      );
      expect(high.name).toBe('InvalidParameterValueException');
      expect(high.message).toBe(
        "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"
      );
      expect(memory.message).toBe(
        "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"
      );
      expect(reserved.name).toBe('InvalidParameterValueException');
      expect(reserved.message).toMatch(/Reserved keys used in this request: AWS_REGION$/);
    });

    it('fails a stale RevisionId with PreconditionFailedException', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'echo',
            Timeout: 5,
            RevisionId: 'stale',
          })
        )
      );
      // Assert
      expect(error.name).toBe('PreconditionFailedException');
    });
  });
});

describe('PutFunctionConcurrency', () => {
  describe('functionality', () => {
    it('reserves concurrency, which GetFunctionConcurrency and the runtime see', async () => {
      // Act
      const out = await s.lambdaClient.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: 'other',
          ReservedConcurrentExecutions: 3,
        })
      );
      const got = await s.lambdaClient.send(
        new GetFunctionConcurrencyCommand({ FunctionName: 'other' })
      );
      // Assert
      expect(out.ReservedConcurrentExecutions).toBe(3);
      expect(got.ReservedConcurrentExecutions).toBe(3);
      expect(s.lambda.store.runtime.getFunction('other').reservedConcurrentExecutions).toBe(3);
    });
  });

  describe('validations', () => {
    it('fails a reservation that leaves fewer than 100 unreserved', async () => {
      // Act
      const error = await thrown(() =>
        s.lambdaClient.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: 'echo',
            ReservedConcurrentExecutions: 950,
          })
        )
      );
      // Assert
      expect(error.name).toBe('InvalidParameterValueException');
      expect(error.message).toBe(
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."
      );
    });
  });
});
