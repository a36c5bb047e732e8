// The process inside one emulated Lambda execution environment. It loads the function's
// bundled handler once (the init phase), then runs one invocation at a time as the parent asks
// over IPC. Like the Node.js managed runtime, it rewrites console.* lines as
// `<ISO time>\t<request id>\t<LEVEL>\t<message>`; anything written straight to stdout (the
// Powertools JSON logs and EMF lines) passes through unchanged. Output travels to the parent
// over the IPC channel, the same channel as the result, so every line arrives before the
// invocation it belongs to is closed.
'use strict';
const path = require('node:path');
const util = require('node:util');
const { performance } = require('node:perf_hooks');

const [, , codeDir, handlerSpec] = process.argv;
let currentRequestId = 'undefined';

function captureOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = (chunk, encoding, callback) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      process.send({ type: 'log', text });
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    };
  }
}

function patchConsole() {
  const levels = {
    log: 'INFO',
    info: 'INFO',
    warn: 'WARN',
    error: 'ERROR',
    debug: 'DEBUG',
    trace: 'TRACE',
  };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => {
      const message = util.format(...args).replace(/\n/g, '\r');
      process.stdout.write(
        `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`
      );
    };
  }
}

function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Bad handler ${handlerSpec}: expected <file>.<export>`);
  const file = path.join(codeDir, handlerSpec.slice(0, dot));
  const mod = require(file);
  const fn = mod[handlerSpec.slice(dot + 1)];
  if (typeof fn !== 'function') {
    const error = new Error(
      `${handlerSpec.slice(0, dot)}.${handlerSpec.slice(dot + 1)} is undefined or not exported`
    );
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return fn;
}

function describeError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: String(error.stack || '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), trace: [] };
}

captureOutput();
patchConsole();
// performance.now() runs at the emulator's speed when scaled-time.cjs is preloaded.
const initStart = performance.now();
let handler;
try {
  handler = loadHandler();
  process.send({ type: 'ready', initMs: performance.now() - initStart });
} catch (error) {
  process.send({ type: 'init-error', error: describeError(error) });
}

process.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  currentRequestId = message.requestId;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: message.context.functionName,
    functionVersion: message.context.functionVersion,
    invokedFunctionArn: message.context.invokedFunctionArn,
    memoryLimitInMB: String(message.context.memoryLimitInMB),
    awsRequestId: message.requestId,
    logGroupName: message.context.logGroupName,
    logStreamName: message.context.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const started = performance.now();
  let reply;
  try {
    const value = await handler(message.event, context);
    reply = {
      type: 'result',
      requestId: message.requestId,
      ok: true,
      value: value === undefined ? null : value,
    };
  } catch (error) {
    const described = describeError(error);
    console.error('Invoke Error', JSON.stringify(described));
    reply = { type: 'result', requestId: message.requestId, ok: false, error: described };
  }
  reply.durationMs = performance.now() - started;
  reply.maxMemoryMb = Math.ceil(process.memoryUsage().rss / 1048576);
  process.send(reply);
});
