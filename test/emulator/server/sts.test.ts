import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../emulator/emulator';

let emulator: Emulator;
let sts: STSClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  sts = new STSClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  sts.destroy();
  await emulator.close();
});

describe('GetCallerIdentity', () => {
  describe('functionality', () => {
    it('answers the SDK (awsQuery) with the emulated account root', async () => {
      // Act
      const out = await sts.send(new GetCallerIdentityCommand({}));
      // Assert
      expect(out).toMatchObject({
        Account: '000000000000',
        Arn: 'arn:aws:iam::000000000000:root',
        UserId: '000000000000',
      });
      expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('writes the STS XML namespace', async () => {
      // Act
      const res = await fetch(emulator.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      // Assert
      expect(await res.text()).toContain(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          '<UserId>000000000000</UserId><Account>000000000000</Account><Arn>arn:aws:iam::000000000000:root</Arn>'
      );
    });
  });

  describe('validations', () => {
    it('answers an unknown STS action with InvalidAction', async () => {
      // Act
      const res = await fetch(emulator.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=AssumeRole&Version=2011-06-15',
      });
      // Assert
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>InvalidAction</Code>');
    });
  });
});
