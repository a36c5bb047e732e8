import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock } from '../../../emulator/core/clock';
import { MemoryLogSink, MemoryMetricSink } from '../../../emulator/core/memory-sinks';
import type { FunctionConfig } from '../../../emulator/runtime/function-config';
import { LambdaRuntime } from '../../../emulator/runtime/lambda-runtime';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

function config(name: string, overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    functionName: name,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    handler: 'index.handler',
    codeDir: path.join(FIXTURES, name),
    runtime: 'nodejs22.x',
    timeout: 3,
    memorySize: 128,
    environment: {},
    logGroupName: `/aws/lambda/${name}`,
    ...overrides,
  };
}

function harness() {
  const clock = new ManualClock();
  const metrics = new MemoryMetricSink();
  const logs = new MemoryLogSink();
  const runtime = new LambdaRuntime({
    clock,
    metrics,
    logs,
    endpoint: () => 'http://127.0.0.1:4566',
    region: 'us-east-1',
    accountId: '000000000000',
  });
  return { clock, metrics, logs, runtime };
}

function lines(logs: MemoryLogSink, group: string): string[] {
  return [...(logs.groups.get(group)?.values() ?? [])].flat().map((e) => e.message);
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let current: LambdaRuntime | undefined;

describe('LambdaRuntime', () => {
  afterEach(() => current?.close());

  it('runs the handler in its own process with the function environment and a real context', async () => {
    // Arrange
    const { runtime } = harness();
    current = runtime;
    runtime.putFunction(config('echo', { environment: { GREETING: 'hi' } }));
    // Act
    const result = await runtime.invoke('echo', JSON.stringify({ orderId: 'o-1' }));
    // Assert
    const body = JSON.parse(result.payload);
    expect(result.functionError).toBeUndefined();
    expect(body.event).toEqual({ orderId: 'o-1' });
    expect(body.requestId).toBe(result.requestId);
    expect(body.functionName).toBe('echo');
    expect(body.greeting).toBe('hi');
    expect(body.endpoint).toBe('http://127.0.0.1:4566');
    expect(body.region).toBe('us-east-1');
    expect(body.remainingMs).toBeGreaterThan(0);
    expect(body.remainingMs).toBeLessThanOrEqual(3_000);
    expect(body.pid).not.toBe(process.pid);
  });

  it('logs START, the handler output in both forms, END and REPORT to the function log group', async () => {
    // Arrange
    const { runtime, logs } = harness();
    current = runtime;
    runtime.putFunction(config('echo'));
    // Act
    const { requestId } = await runtime.invoke('echo', '{}');
    // Assert
    const out = lines(logs, '/aws/lambda/echo');
    expect(out[0]).toBe(`START RequestId: ${requestId} Version: $LATEST`);
    expect(out[1]).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\thello from echo$`)
    );
    expect(out[2]).toBe('{"level":"INFO","message":"raw json line"}');
    expect(out[3]).toBe(`END RequestId: ${requestId}`);
    expect(out[4]).toMatch(
      new RegExp(
        `^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [\\d.]+ ms$`
      )
    );
  });

  it('reuses a warm environment: one log stream, Init Duration only on the cold start', async () => {
    // Arrange
    const { runtime, logs } = harness();
    current = runtime;
    runtime.putFunction(config('echo'));
    // Act
    const first = JSON.parse((await runtime.invoke('echo', '{}')).payload);
    const second = JSON.parse((await runtime.invoke('echo', '{}')).payload);
    // Assert
    expect(second.pid).toBe(first.pid);
    expect(logs.groups.get('/aws/lambda/echo')?.size).toBe(1);
    const reports = lines(logs, '/aws/lambda/echo').filter((l) => l.startsWith('REPORT'));
    expect(reports[0]).toMatch(/Init Duration/);
    expect(reports[1]).not.toMatch(/Init Duration/);
  });

  it('reports a thrown error as an Unhandled function error and counts it in Errors', async () => {
    // Arrange
    const { runtime, metrics } = harness();
    current = runtime;
    runtime.putFunction(config('throws'));
    // Act
    const result = await runtime.invoke('throws', '{}');
    // Assert
    expect(result.functionError).toBe('Unhandled');
    expect(JSON.parse(result.payload)).toMatchObject({
      errorType: 'PoisonRecordError',
      errorMessage: 'order 42 is poison',
    });
    expect(metrics.sum('AWS/Lambda', 'Errors', { FunctionName: 'throws' })).toBe(1);
    expect(metrics.sum('AWS/Lambda', 'Invocations', { FunctionName: 'throws' })).toBe(1);
  });

  it('stops the function at its timeout: the process dies and the log says Task timed out', async () => {
    // Arrange
    const { runtime, clock, logs, metrics } = harness();
    current = runtime;
    runtime.putFunction(config('hang', { timeout: 30 }));
    const dir = mkdtempSync(path.join(tmpdir(), 'forensics-hang-'));
    const pidFile = path.join(dir, 'pid');
    const doneFile = path.join(dir, 'done');
    // Act
    const invocation = runtime.invoke('hang', JSON.stringify({ pidFile, doneFile }));
    await waitFor(() => existsSync(pidFile) && clock.pendingSleepers > 0, 'the handler to start');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await clock.advance(30_000);
    const result = await invocation;
    // Assert
    expect(result.functionError).toBe('Unhandled');
    expect(result.errorType).toBe('Sandbox.Timedout');
    await waitFor(() => !isAlive(pid), 'the environment to be killed');
    expect(existsSync(doneFile)).toBe(false);
    expect(lines(logs, '/aws/lambda/hang')).toContainEqual(
      expect.stringMatching(
        new RegExp(`Z ${result.requestId} Task timed out after 30\\.00 seconds$`)
      )
    );
    expect(metrics.sum('AWS/Lambda', 'Errors', { FunctionName: 'hang' })).toBe(1);
    expect(metrics.find('AWS/Lambda', 'Duration', { FunctionName: 'hang' })[0]?.value).toBe(30_000);
  });

  it('throttles past the reserved concurrency and counts Throttles', async () => {
    // Arrange
    const { runtime, clock, metrics } = harness();
    current = runtime;
    runtime.putFunction(config('hang', { timeout: 10, reservedConcurrentExecutions: 1 }));
    const dir = mkdtempSync(path.join(tmpdir(), 'forensics-hang-'));
    const event = JSON.stringify({
      pidFile: path.join(dir, 'pid'),
      doneFile: path.join(dir, 'done'),
    });
    const first = runtime.invoke('hang', event);
    await waitFor(() => clock.pendingSleepers > 0, 'the first invocation to start');
    // Act + Assert
    await expect(runtime.invoke('hang', event)).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      status: 429,
      extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    });
    expect(metrics.sum('AWS/Lambda', 'Throttles', { FunctionName: 'hang' })).toBe(1);
    await clock.advance(10_000);
    await first;
  });

  it('reports an init failure as a function error', async () => {
    // Arrange
    const { runtime, logs } = harness();
    current = runtime;
    runtime.putFunction(config('broken-init'));
    // Act
    const result = await runtime.invoke('broken-init', '{}');
    // Assert
    expect(result.functionError).toBe('Unhandled');
    expect(JSON.parse(result.payload).errorType).toBe('TypeError');
    expect(lines(logs, '/aws/lambda/broken-init').join('\n')).toMatch(/Uncaught Exception/);
  });

  it('starts new environments after a configuration change', async () => {
    // Arrange
    const { runtime } = harness();
    current = runtime;
    runtime.putFunction(config('echo', { environment: { GREETING: 'before' } }));
    const before = JSON.parse((await runtime.invoke('echo', '{}')).payload);
    // Act
    runtime.putFunction(config('echo', { environment: { GREETING: 'after' } }));
    const after = JSON.parse((await runtime.invoke('echo', '{}')).payload);
    // Assert
    expect(after.greeting).toBe('after');
    expect(after.pid).not.toBe(before.pid);
  });

  it.each([
    [
      'an unknown function',
      'nope',
      '{}',
      'ResourceNotFoundException',
      /Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope/,
    ],
    [
      'a payload that is not JSON',
      'echo',
      '{not json',
      'InvalidRequestContentException',
      /Could not parse request body into json/,
    ],
    [
      'a payload over 6 MB',
      'echo',
      JSON.stringify('x'.repeat(6_291_457)),
      'RequestTooLargeException',
      /smaller than 6291456 bytes/,
    ],
  ])('rejects %s with an AWS-shaped error', async (_what, name, payload, code, message) => {
    // Arrange
    const { runtime } = harness();
    current = runtime;
    runtime.putFunction(config('echo'));
    // Act + Assert
    await expect(runtime.invoke(name, payload)).rejects.toMatchObject({
      name: code,
      message: expect.stringMatching(message),
    });
  });
});

describe('LambdaRuntime on a scaled clock', () => {
  afterEach(() => current?.close());

  it('runs the function at the emulator speed: its clock and timers follow the emulated time', async () => {
    // Arrange: 50x, so a 20 s sleep takes 0.4 s of wall time
    const clock = new ScaledClock(50, Date.UTC(2030, 0, 1));
    const runtime = new LambdaRuntime({
      clock,
      metrics: new MemoryMetricSink(),
      logs: new MemoryLogSink(),
      endpoint: () => 'http://127.0.0.1:4566',
      region: 'us-east-1',
      accountId: '000000000000',
    });
    current = runtime;
    runtime.putFunction(config('sleeper', { timeout: 60 }));
    const start = clock.now();
    // Act
    const result = await runtime.invoke('sleeper', JSON.stringify({ ms: 20_000 }));
    // Assert: the function saw emulated time (2030), and slept 20 emulated seconds
    const body = JSON.parse(result.payload);
    expect(body.iso.startsWith('2030-01-01')).toBe(true);
    expect(body.before).toBeGreaterThanOrEqual(start);
    expect(body.after - body.before).toBeGreaterThanOrEqual(20_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(20_000);
    expect(result.durationMs).toBeGreaterThanOrEqual(20_000);
  });
});
