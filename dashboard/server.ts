/**
 * The live dashboard: a small HTTP server on 127.0.0.1 beside an emulator, serving one page
 * per deployed scenario (flow diagram, the stack's CloudWatch dashboard graphs, logs, check
 * verdict) and the JSON it refreshes from. Everything the page loads comes from this server
 * (uPlot straight from node_modules), so it works with no network beyond 127.0.0.1.
 *
 * @example
 * const emulator = await startEmulator({ clock: new ScaledClock(10) });
 * const dashboard = await startDashboard({ emulator });
 * console.log(`${dashboard.url}/scenario/shard-perpetrator`);
 * await dashboard.close();
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../emulator/emulator';
import { liveFlow } from './flow';
import { recentLogLines, stackLogGroups } from './logs';
import { deployedScenario, deployedScenarios } from './scenarios';
import { VerdictCache } from './verdict';
import { renderDashboard } from './widgets';

/** The only address the dashboard listens on. */
export const DASHBOARD_HOST = '127.0.0.1';

/** Options of `startDashboard`. */
export interface DashboardOptions {
  /** The running emulator whose stacks, metrics and logs are shown. */
  emulator: Emulator;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only `127.0.0.1` is accepted (the default). */
  host?: string;
  /** How long a check verdict is reused, in wall milliseconds. @default 3000 */
  verdictCacheMs?: number;
}

/** A running dashboard. */
export interface DashboardServer {
  /** `http://127.0.0.1:<port>`; a scenario's page is `${url}/scenario/<id>`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const uplotDist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('uplot/package.json')),
  'dist'
);

/** Static files, by URL path: nothing outside this list is served. */
const STATIC: Record<string, { file: string; type: string }> = {
  '/static/app.js': { file: path.join(here, 'static/app.js'), type: 'text/javascript' },
  '/static/style.css': { file: path.join(here, 'static/style.css'), type: 'text/css' },
  '/vendor/uPlot.iife.min.js': {
    file: path.join(uplotDist, 'uPlot.iife.min.js'),
    type: 'text/javascript',
  },
  '/vendor/uPlot.min.css': { file: path.join(uplotDist, 'uPlot.min.css'), type: 'text/css' },
};
const PAGE = path.join(here, 'static/index.html');

/** Served with every page: only this origin, so nothing can reach past 127.0.0.1. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function sendFile(res: ServerResponse, file: string, type: string): Promise<void> {
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-cache',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'content-length': body.length,
  });
  res.end(body);
}

function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/**
 * Starts the dashboard for `emulator` on 127.0.0.1. The JSON endpoints (all GET):
 *
 * - `/api/scenarios`: the deployed scenario stacks with their variant;
 * - `/api/scenarios/<id>`: one of them;
 * - `/api/scenarios/<id>/dashboard?minutes=N`: the stack's CloudWatch dashboard widgets, each
 *   metric widget evaluated with GetMetricData over the dashboard's range;
 * - `/api/scenarios/<id>/flow`: the hops, their live rate and status, and the arrows;
 * - `/api/scenarios/<id>/logs?q=TEXT&limit=N&emf=1`: recent log lines of its functions and pipes;
 * - `/api/scenarios/<id>/verdict?refresh=1`: the scenario check's verdict now (cached briefly).
 */
export async function startDashboard(options: DashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? DASHBOARD_HOST;
  if (host !== DASHBOARD_HOST) {
    throw new Error(`the dashboard listens on ${DASHBOARD_HOST} only (got host '${host}')`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be a whole number from 0 to 65535 (got ${port})`);
  }
  const { emulator } = options;
  const cfn = emulator.services.cloudformation;
  const verdicts = new VerdictCache(emulator, options.verdictCacheMs);
  let listening = 0;

  const scenarioOr404 = (id: string) => {
    const found = deployedScenario(cfn, id);
    if (!found) throw new HttpError(404, `scenario '${id}' is not deployed`);
    return found;
  };

  const api = async (url: URL): Promise<unknown> => {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // parts[0] = 'api', parts[1] = 'scenarios', parts[2] = id, parts[3] = what
    if (parts[1] !== 'scenarios' || parts.length > 4) throw new HttpError(404, 'no such endpoint');
    const now = emulator.clock.now();
    if (parts.length === 2) return { now, scenarios: deployedScenarios(cfn) };
    const { stack, summary } = scenarioOr404(parts[2] as string);
    switch (parts[3]) {
      case undefined:
        return { now, scenario: summary };
      case 'dashboard': {
        const minutes = intParam(url, 'minutes', 1, 1440);
        const dashboard = summary.dashboardName
          ? emulator.services.dashboards.get(summary.dashboardName)
          : undefined;
        if (!dashboard) {
          throw new HttpError(404, `stack ${summary.stackName} has no CloudWatch dashboard`);
        }
        return {
          now,
          scenario: summary,
          dashboard: await renderDashboard(
            emulator,
            dashboard.DashboardName,
            dashboard.DashboardBody,
            now,
            minutes
          ),
        };
      }
      case 'flow':
        return {
          now,
          scenario: summary,
          flow: await liveFlow(emulator, stack, now, (name) =>
            emulator.services.lambda.store.runtime.concurrency(name)
          ),
        };
      case 'logs': {
        const groups = stackLogGroups(stack);
        const lines = recentLogLines(emulator.services.logs.store, groups, {
          filter: url.searchParams.get('q') ?? undefined,
          limit: intParam(url, 'limit', 1, 2000),
          includeEmf: url.searchParams.get('emf') === '1',
        });
        return { now, scenario: summary, groups, lines };
      }
      case 'verdict':
        return {
          now,
          scenario: summary,
          verdict: await verdicts.get(summary.id, url.searchParams.get('refresh') === '1'),
        };
      default:
        throw new HttpError(404, 'no such endpoint');
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Only this origin's own names: a page elsewhere cannot rebind a hostname to 127.0.0.1.
    const hostHeader = req.headers.host ?? '';
    if (
      hostHeader !== `${DASHBOARD_HOST}:${listening}` &&
      hostHeader !== `localhost:${listening}`
    ) {
      throw new HttpError(421, `unexpected Host header '${hostHeader}'`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, 'only GET is served');
    }
    const url = new URL(req.url ?? '/', `http://${DASHBOARD_HOST}`);
    if (url.pathname.startsWith('/api/')) {
      sendJson(res, 200, await api(url));
      return;
    }
    const asset = STATIC[url.pathname];
    if (asset) return sendFile(res, asset.file, asset.type);
    if (url.pathname === '/' || /^\/scenario\/[a-z0-9-]+\/?$/.test(url.pathname)) {
      return sendFile(res, PAGE, 'text/html');
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    throw new HttpError(404, `no page at ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) console.error(`[dashboard] ${req.url}: ${message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status, { error: message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  listening = (server.address() as AddressInfo).port;
  const url = `http://${DASHBOARD_HOST}:${listening}`;

  return {
    url,
    port: listening,
    close: async () => {
      verdicts.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
