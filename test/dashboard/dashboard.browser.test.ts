import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, startDashboard } from '../../dashboard/server';
import { ScaledClock } from '../../emulator/core/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { stackName } from '../../infra/names';
import { synthScenarios, TEST_CREDENTIALS } from './helpers';

/**
 * The dashboard in Debian's Chromium, headless, driven by Playwright: shard-perpetrator runs
 * broken at 1,600 orders/s on a 10x clock; the page must show the hot shard on its chart and the
 * stream hop throttled, and is photographed for the README; after the fixed variant is deployed
 * and traffic runs again, the hop must turn healthy and the badge say fixed. Every request the
 * page makes must stay on 127.0.0.1.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../docs/images/dashboard.png', import.meta.url));
/** The broken run lasts three emulated minutes, so it is still running when the chart has three. */
const BROKEN_TRAFFIC = { ratePerSecond: 1600, durationSeconds: 180 };
const FIXED_TRAFFIC = { ratePerSecond: 1600, durationSeconds: 120 };

let root: string;
let emulator: Emulator | undefined;
let dashboard: DashboardServer | undefined;
let browser: Browser | undefined;
let lambda: LambdaClient | undefined;

beforeAll(() => {
  root = synthScenarios(['shard-perpetrator'], ['broken', 'fixed']);
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  lambda?.destroy();
  await emulator?.close();
});

/** Starts the producer (the call returns when its run ends). */
function startTraffic(functionName: string, traffic: typeof BROKEN_TRAFFIC): Promise<unknown> {
  const client = lambda as LambdaClient;
  return client.send(
    new InvokeCommand({
      FunctionName: functionName,
      Payload: Buffer.from(JSON.stringify(traffic)),
    })
  );
}

/** The number a data-* attribute of the first match holds (0 when absent). */
async function numberAttribute(page: Page, selector: string, name: string): Promise<number> {
  return Number((await page.locator(selector).first().getAttribute(name)) ?? 0);
}

describe('the dashboard in Chromium', () => {
  it('shows the hot shard throttling while broken, and the recovery after the fix', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Debian's Chromium is not installed at ${CHROMIUM}: install it with 'apt-get install -y chromium' (this test drives it headless)`
      );
    }
    emulator = await startEmulator({ port: 0, clock: new ScaledClock(10) });
    const cfn = emulator.services.cloudformation;
    const broken = await cfn.deployStack(path.join(root, 'broken'), stackName('shard-perpetrator'));
    const producer = broken.outputs.ProducerFunctionName as string;
    lambda = new LambdaClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const brokenRun = startTraffic(producer, BROKEN_TRAFFIC);
    dashboard = await startDashboard({ emulator });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const offsite: string[] = [];
    const pageErrors: string[] = [];
    const origin = dashboard.url;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url === origin) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${origin}/scenario/shard-perpetrator?minutes=10`);
    await expect
      .poll(() => page.locator('#variant-badge').textContent(), { timeout: 30_000 })
      .toBe('broken variant');

    // The symptom in the diagram: the stream hop is red, with the throttles named.
    const streamHop = page.locator('#flow g.hop[data-kind="stream"]');
    await streamHop.and(page.locator('[data-status="throttled"]')).waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.locator('#flow-problems').textContent(), { timeout: 30_000 })
      .toMatch(/OrdersStream: [\d,]+ writes throttled/);

    // The verdict: FAIL, with the throttling condition among the failures.
    await page.locator('#verdict[data-verdict="FAIL"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#verdict li.failed').allTextContents()).toContainEqual(
      expect.stringMatching(/no write throttling/)
    );

    // The symptom on the charts: IncomingRecords has three minutes of datapoints (the run spans
    // three), all on one shard.
    const perShard = '.chart[data-title="IncomingRecords per shard (Sum per minute)"]';
    await expect
      .poll(() => numberAttribute(page, perShard, 'data-points'), {
        timeout: 90_000,
        interval: 500,
      })
      .toBeGreaterThanOrEqual(3);
    const throttles = '.chart[data-title^="WriteProvisionedThroughputExceeded"]';
    expect(await numberAttribute(page, throttles, 'data-points')).toBeGreaterThan(0);
    const legend = await page
      .locator('.widget', { has: page.locator(perShard) })
      .locator('.legend')
      .textContent();
    expect(legend).toMatch(/shardId-000000000000 –/);
    expect(legend).toMatch(/shardId-000000000002 \d/);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // The fix: redeploy fixed (an update in place) and run the traffic again.
    await brokenRun;
    await cfn.deployStack(path.join(root, 'fixed'), stackName('shard-perpetrator'));
    const fixedRun = startTraffic(producer, FIXED_TRAFFIC);
    await expect
      .poll(() => page.locator('#variant-badge').textContent(), { timeout: 30_000 })
      .toBe('fixed variant');
    await streamHop.and(page.locator('[data-status="healthy"]')).waitFor({ timeout: 90_000 });
    expect(Number(await streamHop.getAttribute('data-rate'))).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('#flow-problems').textContent(), { timeout: 30_000 })
      .not.toMatch(/OrdersStream/);
    await fixedRun;

    // The index lists the scenario with its variant and links to its page.
    await page.goto(`${origin}/`);
    const row = page.locator('tr[data-scenario="shard-perpetrator"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-variant]').textContent()).toBe('fixed variant');
    expect(await row.locator('a').getAttribute('href')).toBe('/scenario/shard-perpetrator');

    expect(pageErrors).toEqual([]);
    expect(offsite).toEqual([]);
  }, 300_000);
});
