/**
 * Runs the emulator inside a CLI process (`serve`, `play`, `demo`) on a scaled clock, and, for
 * `serve` and `play`, the CLI's management endpoint beside it so that commands in other
 * terminals can deploy into it:
 *
 *   GET  /v1/clock                          → { instanceId, anchor: { emulatedMs, realMs, speed } }
 *   POST /v1/deploy  { id, variant }        → deploys cdk.out/<variant> as forensics-<id>
 *   POST /v1/destroy { id }                 → deletes forensics-<id>
 *
 * It listens on 127.0.0.1 only, on a free port, and every request must carry the bearer token
 * written with the port to `.forensics/emulator.json` (owner-readable only). Deploys run one at
 * a time, in this process, through the emulator's CloudFormation interpreter: the emulator's
 * own CreateStack API takes a TemplateBody but not the Lambda code of the assembly.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScaledClock } from '../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { PortInUseError } from '../../emulator/server';
import {
  isScenarioId,
  isVariant,
  type ScenarioId,
  stackName,
  type Variant,
} from '../../infra/names';
import { EmulatorUnavailableError, UsageError } from '../commands/lib/errors';
import {
  emulatorFile,
  processAlive,
  readEmulatorRecord,
  removeFile,
  writeJson,
} from '../commands/lib/state';
import { assemblyDir } from '../commands/lib/synth';
import { type ClockAnchor, type LocalControl, LocalTarget } from './local';

/** Options of `startEmulatorHost`. */
export interface HostOptions {
  /** Emulator port: 4566 by default, 0 for any free port. */
  port: number;
  /** Clock speed, 1 to 100. */
  speed: number;
  /** Run the management endpoint and write `.forensics/emulator.json` (serve, play). */
  manage?: { stateDir: string; startedBy: string };
  /** One line per emulator request. */
  verbose?: boolean;
  log?: (line: string) => void;
}

/** An emulator running in this process. */
export interface EmulatorHost {
  readonly emulator: Emulator;
  readonly clock: ScaledClock;
  /** A target that deploys in-process. */
  readonly target: LocalTarget;
  readonly managementUrl?: string;
  /** Stops the management endpoint and the emulator, and removes emulator.json. */
  close(): Promise<void>;
}

/** Validates a clock speed given on the command line. */
export function parseSpeed(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed < 1 || speed > 100) {
    throw new UsageError(
      `--speed must be a number from 1 to 100 (got '${value}').`,
      'for example --speed 10 (the emulator clock runs 10 times faster than real time)'
    );
  }
  return speed;
}

/** Starts the emulator (and, with `manage`, the management endpoint) in this process. */
export async function startEmulatorHost(options: HostOptions): Promise<EmulatorHost> {
  if (options.manage) {
    const running = readEmulatorRecord(options.manage.stateDir);
    if (running && processAlive(running.pid)) {
      throw new EmulatorUnavailableError(
        `An emulator is already running for this lab: pid ${running.pid}, started by \`forensics ${running.startedBy}\` at ${running.startedAt}, on ${running.endpoint}.`,
        'use it (the other commands find it by themselves), or stop it with Ctrl-C in its terminal first'
      );
    }
  }
  const clock = new ScaledClock(options.speed);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port: options.port,
      clock,
      verbose: options.verbose,
      log: options.log,
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new EmulatorUnavailableError(
        `Port ${error.port} on 127.0.0.1 is already in use: another emulator, LocalStack or another program is listening there.`,
        `stop that program, or pick another port: --port ${error.port + 1} (or --port 0 for any free port)`,
        { cause: error }
      );
    }
    throw error;
  }

  const instanceId = randomUUID();
  const anchor = (): ClockAnchor => clock.anchor();
  // One stack operation at a time, whether it comes from this process or the endpoint.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  const control: LocalControl = {
    anchor,
    deploy: (id: ScenarioId, variant: Variant) =>
      serialized(async () => {
        await emulator.services.cloudformation.deployStack(assemblyDir(variant), stackName(id));
      }),
    destroy: (id: ScenarioId) =>
      serialized(async () => {
        await emulator.services.cloudformation.deleteStack(stackName(id));
      }),
  };
  const target = new LocalTarget(emulator.endpoint, emulator.region, instanceId, control);

  let management: { url: string; close(): Promise<void> } | undefined;
  if (options.manage) {
    const token = randomBytes(24).toString('hex');
    management = await startManagementServer(token, instanceId, control);
    writeJson(emulatorFile(options.manage.stateDir), {
      pid: process.pid,
      instanceId,
      startedBy: options.manage.startedBy,
      endpoint: emulator.endpoint,
      port: emulator.port,
      region: emulator.region,
      accountId: emulator.accountId,
      speed: options.speed,
      managementUrl: management.url,
      token,
      startedAt: new Date().toISOString(),
    });
  }

  return {
    emulator,
    clock,
    target,
    managementUrl: management?.url,
    async close() {
      if (options.manage) {
        const record = readEmulatorRecord(options.manage.stateDir);
        if (record?.instanceId === instanceId) removeFile(emulatorFile(options.manage.stateDir));
      }
      await management?.close();
      await target.close();
      await emulator.close();
    },
  };
}

/** Reads a small JSON request body. */
async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The management endpoint: 127.0.0.1, a free port, bearer token. */
async function startManagementServer(
  token: string,
  instanceId: string,
  control: LocalControl
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, 401, { error: 'missing or wrong management token' });
      return;
    }
    const route = `${req.method} ${req.url}`;
    (async () => {
      if (route === 'GET /v1/clock')
        return send(res, 200, { instanceId, anchor: control.anchor() });
      if (route !== 'POST /v1/deploy' && route !== 'POST /v1/destroy') {
        return send(res, 404, { error: `no route ${route}` });
      }
      const body = await readBody(req);
      const id = String(body.id);
      if (!isScenarioId(id)) return send(res, 400, { error: `unknown scenario '${id}'` });
      if (route === 'POST /v1/destroy') {
        await control.destroy(id);
        return send(res, 200, { destroyed: stackName(id) });
      }
      const variant = String(body.variant);
      if (!isVariant(variant)) return send(res, 400, { error: `unknown variant '${variant}'` });
      await control.deploy(id, variant);
      return send(res, 200, { deployed: stackName(id), variant });
    })().catch((error: unknown) => {
      const e = error as { name?: string; message?: string };
      send(res, 500, {
        error: `the emulator could not do it: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`,
        next: 'read the message above; `npx forensics doctor` checks the setup',
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
