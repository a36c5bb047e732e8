/**
 * The lab's most important test: for every scenario, offline, the broken variant under traffic
 * gives a FAIL for the documented reason, the fixed variant gives PASS, and the symptom-hiding
 * "fixes" still FAIL. Everything runs for real: the synthesized templates deployed by the
 * emulator, the bundled functions in their own processes, the quotas enforced on the traffic,
 * and the checks reading CloudWatch. The emulator clock runs faster than real time (the
 * numbers stay AWS's); each check polls like `forensics check --wait`, so a slow machine makes
 * the test slower, not different.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutputKey, ScenarioId } from '../../infra/names';
import { ConditionStatus, Verdict } from '../../scripts/checks/verdict';
import { cloudAssembly, withLab } from './offline-lab';

/** One failed condition's detail, for readable assertion messages. */
function failed(result: {
  conditions: { name: string; status: string; detail: string }[];
}): string[] {
  return result.conditions.filter((c) => c.status === ConditionStatus.Failed).map((c) => c.name);
}

describe('shard-perpetrator offline', () => {
  const speed = 10;
  beforeAll(() => {
    cloudAssembly();
  });
  const traffic = { ratePerSecond: 1_600, durationSeconds: 90 };

  it('fails broken: one hot shard, throttled writes, the target rate missed', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.ShardPerpetrator, 'broken');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.ShardPerpetrator);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toEqual([
        'the producer landed its target rate',
        'no write throttling',
        'every shard takes 15–35% of the records',
      ]);
      expect(result.summary).toMatch(/shardId-000000000002 100%/);
    }));

  it('fails when the hot key is swapped for another constant key in the code', () =>
    withLab(speed, async (lab) => {
      // Arrange: the broken bundle with a different constant, deployed like an edited function
      const edited = mkdtempSync(path.join(tmpdir(), 'forensics-edited-'));
      cpSync(path.join(cloudAssembly(), 'broken'), edited, { recursive: true });
      let replaced = 0;
      for (const dir of readdirSync(edited).filter((d) => d.startsWith('asset.'))) {
        const file = path.join(edited, dir, 'index.js');
        const code = readFileSync(file, 'utf8');
        if (code.includes('HOT_PARTITION')) {
          writeFileSync(file, code.replaceAll('HOT_PARTITION', 'ORDERS_KEY'));
          replaced++;
        }
      }
      expect(replaced).toBeGreaterThan(0);
      const outputs = await lab.deploy(ScenarioId.ShardPerpetrator, 'broken', edited);
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.ShardPerpetrator);
      // Assert: md5('ORDERS_KEY') is another single shard, still throttled
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toContain('every shard takes 15–35% of the records');
    }));

  it('passes fixed: four shards share the load', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.ShardPerpetrator, 'fixed');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.ShardPerpetrator);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Pass);
    }));
});

describe('double-trouble offline', () => {
  const speed = 10;
  beforeAll(() => {
    cloudAssembly();
  });

  it('fails broken: timeouts, redeliveries and double charges', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.DoubleTrouble, 'broken');
      // Act
      await lab.traffic(outputs, OutputKey.SenderFunctionName, { count: 5 });
      const result = await lab.checkUntilDecided(ScenarioId.DoubleTrouble);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toContain('the processor had no errors or timeouts');
      expect(result.summary).toMatch(/search its log for "Task timed out"/);
    }));

  it('fails when only the visibility timeout is raised: the function still times out', () =>
    withLab(speed, async (lab) => {
      // Arrange: the CLI "fix" of the queue alone
      const outputs = await lab.deploy(ScenarioId.DoubleTrouble, 'broken');
      await lab.clients.sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: outputs[OutputKey.QueueUrl],
          Attributes: { VisibilityTimeout: '360' },
        })
      );
      const since = lab.clock.now();
      // Act
      await lab.traffic(outputs, OutputKey.SenderFunctionName, { count: 5 });
      const result = await lab.checkUntilDecided(ScenarioId.DoubleTrouble, { since });
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toContain('the processor had no errors or timeouts');
    }));

  it('passes fixed: every order completes once', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.DoubleTrouble, 'fixed');
      // Act
      await lab.traffic(outputs, OutputKey.SenderFunctionName, { count: 5 });
      const result = await lab.checkUntilDecided(ScenarioId.DoubleTrouble);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Pass);
    }));
});

describe('latency-forensics offline', () => {
  // 100 trades/s keeps this 2-core machine ahead of a 5x clock; the arithmetic still holds:
  // 2 WCU and 50 WCU are both far below 100 writes/s.
  const traffic = { ratePerSecond: 100, durationSeconds: 90 };
  const speed = 5;
  beforeAll(() => {
    cloudAssembly();
  });

  it('fails broken: throttled writes and a climbing iterator age', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.LatencyForensics, 'broken');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.LatencyForensics);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toContain('no DynamoDB write throttling');
    }));

  it('fails the write-up\'s 50 WCU "fix"', () =>
    withLab(speed, async (lab) => {
      // Arrange: the broken stack, raised to 50 WCU with the CLI's UpdateTable
      const outputs = await lab.deploy(ScenarioId.LatencyForensics, 'broken');
      const ddb = new DynamoDBClient({
        endpoint: lab.emulator.endpoint,
        region: lab.emulator.region,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await ddb.send(
        new UpdateTableCommand({
          TableName: outputs[OutputKey.TableName],
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 50 },
        })
      );
      ddb.destroy();
      const since = lab.clock.now();
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.LatencyForensics, { since });
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toContain('no DynamoDB write throttling');
    }));

  it('passes fixed: on-demand capacity keeps up', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.LatencyForensics, 'fixed');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.LatencyForensics);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Pass);
    }));
});

describe('vanishing-records offline', () => {
  const traffic = { ratePerSecond: 20, durationSeconds: 60 };
  const speed = 10;
  beforeAll(() => {
    cloudAssembly();
  });

  it('fails broken: the redrive counts batches as records and records vanish', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.VanishingRecords, 'broken');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.VanishingRecords);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(result.summary).toMatch(/records vanished/);
    }));

  it('passes fixed: every record is processed, recovered or parked', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.VanishingRecords, 'fixed');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.VanishingRecords);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Pass);
    }));
});

describe('silent-disappear offline', () => {
  const traffic = { ratePerSecond: 2, durationSeconds: 90 };
  const speed = 10;
  beforeAll(() => {
    cloudAssembly();
  });

  it('fails broken: large products never reach the queue', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.SilentDisappear, 'broken');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.SilentDisappear);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Fail);
      expect(failed(result)).toContain('the pipe reported no failures');
      expect(result.summary).toMatch(/TargetStageFailed = [1-9]/);
    }));

  it('passes fixed: claim-check messages deliver every product', () =>
    withLab(speed, async (lab) => {
      // Arrange
      const outputs = await lab.deploy(ScenarioId.SilentDisappear, 'fixed');
      // Act
      await lab.traffic(outputs, OutputKey.ProducerFunctionName, traffic);
      const result = await lab.checkUntilDecided(ScenarioId.SilentDisappear);
      // Assert
      expect(result.verdict, result.summary).toBe(Verdict.Pass);
    }));
});
