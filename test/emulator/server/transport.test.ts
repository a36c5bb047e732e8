import http2 from 'node:http2';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../emulator/core/clock';
import { startEmulator } from '../../../emulator/emulator';
import { Dispatcher } from '../../../emulator/protocols/dispatcher';
import { PortInUseError, startServer } from '../../../emulator/server';
import { type DummyServer, h2Request, json, startDummyServer } from './dummy';

let d: DummyServer;

beforeAll(async () => {
  d = await startDummyServer({ maxBodyBytes: 1024 });
});

afterAll(async () => {
  await d.close();
});

const json10 = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'Dummy_20200101.Echo',
};

describe('request bodies', () => {
  it('decodes Content-Encoding: gzip', async () => {
    // Act
    const res = await fetch(d.server.endpoint, {
      method: 'POST',
      headers: { ...json10, 'content-encoding': 'gzip' },
      body: gzipSync('{"Zipped":true}'),
    });
    // Assert
    expect(res.status).toBe(200);
    expect((await json(res)).Input).toEqual({ Zipped: true });
  });

  it('decodes gzip over HTTP/2 too', async () => {
    // Act
    const res = await h2Request(
      d.server.endpoint,
      { ...json10, 'content-encoding': 'gzip' },
      gzipSync('{"H2":1}')
    );
    // Assert
    expect(JSON.parse(res.body).Input).toEqual({ H2: 1 });
  });

  it('answers a corrupt gzip body with a SerializationException', async () => {
    // Act
    const res = await fetch(d.server.endpoint, {
      method: 'POST',
      headers: { ...json10, 'content-encoding': 'gzip' },
      body: 'not gzip at all',
    });
    // Assert
    expect(res.status).toBe(400);
    expect((await json(res)).__type).toBe('com.amazonaws.dummy#SerializationException');
  });

  it('answers a body over the limit with 413 in the protocol of the request, then keeps serving', async () => {
    // Act
    const big = await fetch(d.server.endpoint, {
      method: 'POST',
      headers: json10,
      body: 'x'.repeat(2048),
    });
    const query = await fetch(d.server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=Echo&Version=2020-01-01&Pad=${'x'.repeat(2048)}`,
    });
    const after = await fetch(d.server.endpoint, { method: 'POST', headers: json10, body: '{}' });
    // Assert
    expect(big.status).toBe(413);
    expect(big.headers.get('x-amzn-query-error')).toBe('RequestTooLargeException;Sender');
    expect(await json(big)).toEqual({
      __type: 'com.amazonaws.dummy#RequestTooLargeException',
      message: 'Request must be smaller than 1024 bytes.',
    });
    expect(query.status).toBe(413);
    expect(await query.text()).toContain('<Code>RequestTooLargeException</Code>');
    expect(after.status).toBe(200);
  });

  it('applies the limit to the decompressed size (gzip bomb)', async () => {
    // Act
    const res = await fetch(d.server.endpoint, {
      method: 'POST',
      headers: { ...json10, 'content-encoding': 'gzip' },
      body: gzipSync(`{"A":"${'a'.repeat(100_000)}"}`),
    });
    // Assert
    expect(res.status).toBe(413);
  });

  it('answers an over-limit HTTP/2 body with 413', async () => {
    // Act
    const res = await h2Request(d.server.endpoint, json10, 'y'.repeat(4096));
    // Assert
    expect(res.status).toBe(413);
  });

  it('refuses an unsupported Content-Encoding', async () => {
    // Act
    const res = await fetch(d.server.endpoint, {
      method: 'POST',
      headers: { ...json10, 'content-encoding': 'br' },
      body: '{}',
    });
    // Assert
    expect(res.status).toBe(415);
  });
});

describe('HTTP/2 preface sniffing', () => {
  it('recognises a preface that arrives in pieces', async () => {
    // Arrange
    const url = new URL(d.server.endpoint);
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    const firstFrame = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    // Act: the preface 5 bytes at a time
    for (let i = 0; i < preface.length; i += 5) {
      socket.write(preface.subarray(i, i + 5));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const frame = await firstFrame;
    socket.destroy();
    // Assert: the server speaks HTTP/2: a frame header whose type byte (index 3) is SETTINGS (0x4)
    expect(frame[3]).toBe(0x04);
  });
});

describe('listening', () => {
  it('refuses to bind anything but 127.0.0.1', async () => {
    // Act + Assert
    await expect(
      startServer(
        new Dispatcher({
          region: 'r',
          accountId: 'a',
          clock: new ManualClock(),
          reportBug: () => {},
        }),
        {
          host: '0.0.0.0',
          port: 0,
        }
      )
    ).rejects.toThrow('The emulator only listens on 127.0.0.1 (got host "0.0.0.0")');
    await expect(startEmulator({ host: '::', port: 0 })).rejects.toThrow(
      'only listens on 127.0.0.1'
    );
  });

  it('reports a taken port with what to do', async () => {
    // Arrange
    const port = d.server.port;
    // Act
    const error = await startEmulator({ port }).catch((e: unknown) => e);
    // Assert
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toBe(
      `Port ${port} on 127.0.0.1 is already in use. Another emulator (or LocalStack) may be running: ` +
        'stop it, or start this one on another port with --port <N> (or --port 0 for any free port).'
    );
  });

  it('closes open HTTP/2 sessions on close()', async () => {
    // Arrange
    const other = await startDummyServer();
    const session = http2.connect(other.server.endpoint);
    await new Promise((resolve) => session.once('connect', resolve));
    const closed = new Promise((resolve) => session.once('close', resolve));
    // Act
    await other.close();
    // Assert
    await closed;
    await expect(fetch(other.server.endpoint)).rejects.toThrow();
  });

  it('runs two emulators side by side without sharing state', async () => {
    // Arrange
    const a = await startEmulator({ port: 0 });
    const b = await startEmulator({ port: 0 });
    try {
      // Act
      a.services.kinesis.store.createStream({ StreamName: 'only-a', ShardCount: 1 });
      // Assert
      expect(a.port).not.toBe(b.port);
      expect(b.services.kinesis.store.listStreams()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
