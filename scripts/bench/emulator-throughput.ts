/**
 * Benchmark (not a test): SDK v3 throughput against the emulator for DynamoDB PutItem, Kinesis
 * PutRecords and SQS send+receive+delete, beside the same calls against dynalite and
 * kinesalite, and each server's peak memory. Every server runs in its own process on
 * 127.0.0.1, so its memory is its own; the SDK clients run here.
 *
 *   npx tsx scripts/bench/emulator-throughput.ts [--calls N] [--concurrency C]
 *
 * Prints one table. The aim is that the emulator's quota layer costs little: within 1.5x of the
 * baseline for the same calls (which the emulator runs below every quota).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const region = 'us-east-1';

interface Server {
  name: string;
  endpoint: string;
  process: ChildProcess;
}

/** Starts a server process and waits for the line that carries its port. */
function startServer(
  name: string,
  command: string,
  args: string[],
  portPattern: RegExp
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = portPattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ name, endpoint: `http://127.0.0.1:${match[1]}`, process: child });
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before starting`)));
  });
}

/** Peak resident memory of a process, from /proc (VmHWM), in MiB. */
function peakMemoryMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `calls` operations with `concurrency` in flight; returns operations per second. */
async function measure(
  calls: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) await op(next++);
    })
  );
  return calls / ((performance.now() - started) / 1000);
}

async function benchDynamoDb(
  endpoint: string,
  calls: number,
  concurrency: number
): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
  const TableName = `bench${Date.now()}`;
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    })
  );
  await new Promise((r) => setTimeout(r, 200));
  const rate = await measure(calls, concurrency, (i) =>
    client.send(
      new PutItemCommand({
        TableName,
        Item: { id: { S: `item-${i}` }, body: { S: 'x'.repeat(200) } },
      })
    )
  );
  client.destroy();
  return rate;
}

const RECORDS_PER_CALL = 100;

async function benchKinesis(
  endpoint: string,
  calls: number,
  concurrency: number,
  http1: boolean
): Promise<number> {
  // kinesalite speaks HTTP/1.1 only; the SDK's default Kinesis handler is HTTP/2.
  const client = new KinesisClient({
    endpoint,
    region,
    credentials,
    maxAttempts: 1,
    ...(http1 ? { requestHandler: new NodeHttpHandler() } : {}),
  });
  const StreamName = `bench${Date.now()}`;
  // Enough shards that the bench stays under every per-shard quota: the point is the cost of
  // the quota layer on calls it admits, not throttling.
  await client.send(new CreateStreamCommand({ StreamName, ShardCount: 50 }));
  await new Promise((r) => setTimeout(r, 1_000));
  const callsPerSecond = await measure(calls, concurrency, (i) =>
    client.send(
      new PutRecordsCommand({
        StreamName,
        Records: Array.from({ length: RECORDS_PER_CALL }, (_, j) => ({
          PartitionKey: `key-${i}-${j}`,
          Data: new TextEncoder().encode('x'.repeat(200)),
        })),
      })
    )
  );
  client.destroy();
  return callsPerSecond * RECORDS_PER_CALL;
}

async function benchSqs(endpoint: string, calls: number, concurrency: number): Promise<number> {
  const client = new SQSClient({ endpoint, region, credentials, maxAttempts: 1 });
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: `bench${Date.now()}` })
  );
  const rate = await measure(calls, concurrency, async () => {
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(200) }));
    const got = await client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    const handle = got.Messages?.[0]?.ReceiptHandle;
    if (handle) await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handle }));
  });
  client.destroy();
  return rate;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { calls: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const calls = Number(values.calls ?? 1000);
  const concurrency = Number(values.concurrency ?? 50);
  if (!Number.isInteger(calls) || calls < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error('--calls and --concurrency must be positive integers');
  }
  console.log(
    `SDK v3 throughput, ${calls} calls per row, ${concurrency} in flight (node ${process.version})\n`
  );
  const emulator = await startServer(
    'emulator',
    'npx',
    ['--import', 'tsx', 'emulator/cli.ts', '--port', '0'],
    /127\.0\.0\.1:(\d+)/
  );
  const dynalite = await startServer(
    'dynalite',
    'node',
    [
      '-e',
      "const s=require('dynalite')({createTableMs:0});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port))",
    ],
    /port (\d+)/
  );
  const kinesalite = await startServer(
    'kinesalite',
    'node',
    [
      '-e',
      "const s=require('kinesalite')({createStreamMs:0,shardLimit:100});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port))",
    ],
    /port (\d+)/
  );
  const rows: string[][] = [];
  const row = (
    what: string,
    ours: number | undefined,
    baseline: number | undefined,
    unit: string,
    baseName: string
  ) =>
    rows.push([
      what,
      ours === undefined ? 'n/a' : `${Math.round(ours).toLocaleString('en-US')} ${unit}`,
      baseline === undefined
        ? '—'
        : `${Math.round(baseline).toLocaleString('en-US')} ${unit} (${baseName})`,
      ours !== undefined && baseline !== undefined ? `${(baseline / ours).toFixed(2)}x` : '—',
    ]);
  try {
    const tryBench = async (fn: () => Promise<number>): Promise<number | undefined> => {
      try {
        return await fn();
      } catch (error) {
        console.error(`  skipped: ${(error as Error).name}: ${(error as Error).message}`);
        return undefined;
      }
    };
    process.stdout.write('DynamoDB PutItem ...\n');
    row(
      'DynamoDB PutItem',
      await tryBench(() => benchDynamoDb(emulator.endpoint, calls, concurrency)),
      await benchDynamoDb(dynalite.endpoint, calls, concurrency),
      'calls/s',
      'dynalite'
    );
    process.stdout.write('Kinesis PutRecords ...\n');
    row(
      `Kinesis PutRecords (${RECORDS_PER_CALL}/call, h2)`,
      await tryBench(() =>
        benchKinesis(emulator.endpoint, Math.ceil(calls / 10), concurrency, false)
      ),
      undefined,
      'records/s',
      ''
    );
    row(
      `Kinesis PutRecords (${RECORDS_PER_CALL}/call, http/1.1)`,
      await tryBench(() =>
        benchKinesis(emulator.endpoint, Math.ceil(calls / 10), concurrency, true)
      ),
      await benchKinesis(kinesalite.endpoint, Math.ceil(calls / 10), concurrency, true),
      'records/s',
      'kinesalite'
    );
    process.stdout.write('SQS send+receive+delete ...\n');
    row(
      'SQS send+receive+delete',
      await tryBench(() => benchSqs(emulator.endpoint, calls, concurrency)),
      undefined,
      'rounds/s',
      ''
    );
  } finally {
    const memory = [emulator, dynalite, kinesalite].map(
      (s) => `${s.name} ${peakMemoryMiB(s.process.pid)?.toFixed(0) ?? '?'} MiB`
    );
    for (const s of [emulator, dynalite, kinesalite]) s.process.kill('SIGTERM');
    console.log('');
    const widths = [0, 1, 2, 3].map((c) =>
      Math.max(
        ...[['operation', 'emulator', 'baseline', 'baseline/emulator'], ...rows].map(
          (r) => r[c]?.length ?? 0
        )
      )
    );
    for (const r of [['operation', 'emulator', 'baseline', 'baseline/emulator'], ...rows]) {
      console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    }
    console.log(`\npeak memory (VmHWM): ${memory.join(', ')}`);
    console.log();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
