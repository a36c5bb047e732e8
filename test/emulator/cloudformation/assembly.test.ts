// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...}
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudFormationInterpreter } from '../../../emulator/cloudformation';
import {
  listAssemblyStacks,
  loadAssemblyStack,
  parseTemplateBody,
} from '../../../emulator/cloudformation/assembly';
import type { Template } from '../../../emulator/cloudformation/template';
import {
  errorOf,
  interpreterFor,
  type ServiceSet,
  serviceSet,
  template,
  thrownBy,
} from './helpers';

const HASH = 'a'.repeat(64);

/** A function that uses the cloud assembly's asset, and one with inline code. */
function functions(timeout: number): Template {
  return template(
    {
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: {
            S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' },
            S3Key: `${HASH}.zip`,
          },
          Handler: 'index.handler',
          Runtime: 'nodejs22.x',
          Role: 'arn:aws:iam::000000000000:role/lab',
          Timeout: timeout,
          Environment: { Variables: { GROUP: { Ref: 'Group' }, SIZE: 3 } },
          LoggingConfig: { LogGroup: { Ref: 'Group' } },
        },
      },
      Inline: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'inline-fn',
          Code: { ZipFile: 'exports.handler = async () => "inline";' },
          Handler: 'index.handler',
          Runtime: 'nodejs22.x',
          Role: 'arn:aws:iam::000000000000:role/lab',
        },
      },
    },
    {
      Outputs: {
        FunctionName: { Value: { Ref: 'Fn' } },
        FunctionArn: { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
      },
    }
  );
}

/** Writes a cloud assembly with stack `app` (and `nested` in a stage) to a temp dir. */
function writeAssembly(appTemplate: Template): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'forensics-cfn-mini-'));
  const stage = path.join(dir, 'assembly-Stage');
  mkdirSync(path.join(dir, `asset.${HASH}`));
  mkdirSync(stage);
  writeFileSync(
    path.join(dir, `asset.${HASH}`, 'index.js'),
    'exports.handler = async (event) => ({ echoed: event, group: process.env.GROUP, size: process.env.SIZE });'
  );
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      version: '55.0.0',
      artifacts: {
        'app.assets': { type: 'cdk:asset-manifest', properties: { file: 'app.assets.json' } },
        app: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/unknown-region',
          properties: { templateFile: 'app.template.json', tags: { owner: 'lab' } },
          dependencies: ['app.assets'],
        },
        Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage' } },
      },
    })
  );
  writeFileSync(
    path.join(dir, 'app.assets.json'),
    JSON.stringify({
      version: '55.0.0',
      files: {
        [HASH]: {
          source: { path: `asset.${HASH}`, packaging: 'zip' },
          destinations: {
            d: {
              bucketName: 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}',
              objectKey: `${HASH}.zip`,
            },
          },
        },
      },
    })
  );
  writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify(appTemplate));
  writeFileSync(
    path.join(stage, 'manifest.json'),
    JSON.stringify({
      version: '55.0.0',
      artifacts: {
        StageNested: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'nested.template.json', stackName: 'nested' },
        },
      },
    })
  );
  writeFileSync(
    path.join(stage, 'nested.template.json'),
    JSON.stringify(template({ Q: { Type: 'AWS::SQS::Queue' } }))
  );
  return dir;
}

describe('loadAssemblyStack', () => {
  describe('functionality', () => {
    it('finds stacks (nested stages too), their template, tags and assets', () => {
      const dir = writeAssembly(functions(3));
      expect(listAssemblyStacks(dir)).toEqual(['app', 'nested']);
      const app = loadAssemblyStack(dir, 'app');
      expect(app.tags).toEqual({ owner: 'lab' });
      expect(Object.keys(app.template.Resources)).toEqual(['Group', 'Fn', 'Inline']);
      expect(app.assets.byObjectKey(`${HASH}.zip`)).toEqual({
        id: HASH,
        path: path.join(dir, `asset.${HASH}`),
        packaging: 'zip',
        objectKey: `${HASH}.zip`,
      });
      expect(loadAssemblyStack(dir, 'nested').templateFile).toBe(
        path.join(dir, 'assembly-Stage', 'nested.template.json')
      );
      expect(loadAssemblyStack(dir, 'StageNested').stackName).toBe('nested');
    });
  });

  describe('validations', () => {
    it('fails for a folder without a cloud assembly', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'forensics-cfn-empty-'));
      const error = thrownBy(() => loadAssemblyStack(dir, 'app'));
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe(
        `no cloud assembly at ${dir} (manifest.json not found): synthesize the app first (cdk synth)`
      );
    });

    it('fails for a stack the assembly does not have, listing those it has', () => {
      const dir = writeAssembly(functions(3));
      expect(thrownBy(() => loadAssemblyStack(dir, 'other')).message).toBe(
        `stack other is not in the cloud assembly at ${dir} (it has: app, nested)`
      );
    });
  });
});

describe('parseTemplateBody', () => {
  it('parses JSON and checks the sections, with CloudFormation wording', () => {
    expect(
      parseTemplateBody('{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}').Resources.Q?.Type
    ).toBe('AWS::SQS::Queue');
    expect(thrownBy(() => parseTemplateBody('{"Resources":')).message).toBe(
      'Template format error: JSON not well-formed.'
    );
    expect(thrownBy(() => parseTemplateBody('Resources: {}')).message).toContain(
      'YAML templates are not supported'
    );
    expect(thrownBy(() => parseTemplateBody('{"Resources":{}}')).message).toBe(
      'Template format error: At least one Resources member must be defined.'
    );
    expect(
      thrownBy(() => parseTemplateBody('{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}},"Extra":1}'))
        .message
    ).toBe('Template format error: Invalid template property or properties [Extra]');
    expect(
      thrownBy(() => parseTemplateBody('{"Resources":{"my-queue":{"Type":"AWS::SQS::Queue"}}}'))
        .message
    ).toBe('Template format error: Resource name my-queue is non alphanumeric.');
    expect(
      thrownBy(() =>
        parseTemplateBody(
          '{"Transform":"AWS::Serverless-2016-10-31","Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}'
        )
      ).message
    ).toContain('Transform "AWS::Serverless-2016-10-31" is not supported');
  });
});

describe('Lambda functions from a cloud assembly', () => {
  let set: ServiceSet;
  let cfn: CloudFormationInterpreter;

  beforeEach(() => {
    set = serviceSet();
    cfn = interpreterFor(set);
  });

  afterEach(() => {
    set.close();
  });

  it('deploys the asset folder and inline code, and the function runs with the resolved environment', async () => {
    const dir = writeAssembly(functions(3));
    const { outputs, stack } = await cfn.createStack(dir, 'app');
    const config = set.lambda.getFunction(outputs.FunctionName as string);
    const group = stack.resources.get('Group')?.physicalId as string;
    expect(outputs.FunctionArn).toBe(
      `arn:aws:lambda:us-east-1:000000000000:function:${outputs.FunctionName}`
    );
    expect(config).toMatchObject({
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      timeout: 3,
      memorySize: 128,
      environment: { GROUP: group, SIZE: '3' },
      logGroupName: group,
    });
    expect(set.lambda.getFunction('inline-fn').logGroupName).toBe('/aws/lambda/inline-fn');
    const result = await set.lambda.invoke(outputs.FunctionName as string, '{"hello":1}');
    expect(JSON.parse(result.payload)).toEqual({ echoed: { hello: 1 }, group, size: '3' });
    expect(JSON.parse((await set.lambda.invoke('inline-fn', '{}')).payload)).toBe('inline');
  });

  it('updates the configuration in place and deploys again after a rolled-back create', async () => {
    const dir = writeAssembly(functions(3));
    const first = await cfn.deployStack(dir, 'app');
    expect(first.stack.status).toBe('CREATE_COMPLETE');
    writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify(functions(20)));
    const second = await cfn.deployStack(dir, 'app');
    expect(second.changes.updated).toEqual(['Fn']);
    expect(second.outputs).toEqual(first.outputs);
    expect(set.lambda.getFunction(first.outputs.FunctionName as string).timeout).toBe(20);
    const third = await cfn.deployStack(dir, 'app');
    expect(third.unchanged).toBe(true);
    await cfn.deleteStack('app');
    expect(set.lambda.listFunctions()).toEqual([]);
    expect(set.logs.store.groups.size).toBe(0);

    // A create that fails (timeout above Lambda's 900 s) leaves ROLLBACK_COMPLETE; deploy starts over.
    writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify(functions(901)));
    const failed = await errorOf(cfn.deployStack(dir, 'app'));
    expect(failed.logicalId).toBe('Fn');
    expect(failed.reason).toContain("Value '901' at 'timeout' failed to satisfy constraint");
    expect(cfn.describeStack('app').status).toBe('ROLLBACK_COMPLETE');
    writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify(functions(5)));
    expect((await cfn.deployStack(dir, 'app')).stack.status).toBe('CREATE_COMPLETE');
  });

  it('fails a function whose code is not an asset of the assembly', async () => {
    const t = functions(3);
    const fn = t.Resources.Fn as unknown as { Properties: { Code: Record<string, unknown> } };
    fn.Properties.Code.S3Key = 'missing.zip';
    const error = await errorOf(cfn.createStackFrom('app', { template: t }));
    expect(error.reason).toBe(
      'the code s3://cdk-hnb659fds-assets-000000000000-us-east-1/missing.zip is not an asset of the cloud assembly (the emulator has no S3)'
    );
  });
});
