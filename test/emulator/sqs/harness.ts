import { SQSClient } from '@aws-sdk/client-sqs';
import { type EmulatorOptions, startEmulator } from '../../../emulator/emulator';

/** An in-process emulator on a free port, its SQS store, and an SDK client pointed at it. */
export async function startSqsEmulator(options: EmulatorOptions = {}) {
  const emulator = await startEmulator({ port: 0, ...options });
  const client = new SQSClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    emulator,
    store: emulator.services.sqs.store,
    client,
    async close() {
      client.destroy();
      await emulator.close();
    },
  };
}
