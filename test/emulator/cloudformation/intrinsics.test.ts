// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...}
import { describe, expect, it } from 'vitest';
import {
  conditionEvaluator,
  evaluateCondition,
  NO_VALUE,
  type ResolveScope,
  resolve,
  scanReferences,
} from '../../../emulator/cloudformation/intrinsics';
import { thrownBy } from './helpers';

const resources: Record<string, { ref: string; attributes: Record<string, unknown> }> = {
  Queue: {
    ref: 'http://127.0.0.1:4566/000000000000/stack-Queue-ABC',
    attributes: {
      Arn: 'arn:aws:sqs:us-east-1:000000000000:stack-Queue-ABC',
      QueueName: 'stack-Queue-ABC',
    },
  },
  Stream: {
    ref: 'stack-Stream-XYZ',
    attributes: { Arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/stack-Stream-XYZ' },
  },
};

function scope(overrides: Partial<ResolveScope> = {}): ResolveScope {
  return {
    pseudo: {
      'AWS::AccountId': '000000000000',
      'AWS::Region': 'us-east-1',
      'AWS::Partition': 'aws',
      'AWS::StackName': 'stack',
      'AWS::URLSuffix': 'amazonaws.com',
    },
    parameters: { Env: 'prod', Count: '5', Zones: ['a', 'b'] },
    mappings: { Sizes: { prod: { Shards: 4 }, dev: { Shards: 1 } } },
    region: 'us-east-1',
    isResource: (id) => id in resources,
    resourceRef: (id) => resources[id]?.ref,
    resourceAttribute: (id, attribute) => resources[id]?.attributes[attribute],
    condition: (name) => name === 'IsProd',
    exportValue: (name) => (name === 'shared-table' ? 'SharedTable' : undefined),
    ...overrides,
  };
}

const r = (value: unknown) => resolve(value, scope(), 'Test');

describe('resolve', () => {
  describe('Ref', () => {
    it('returns a resource physical id, a parameter value and pseudo parameters', () => {
      expect(r({ Ref: 'Queue' })).toBe(resources.Queue?.ref);
      expect(r({ Ref: 'Env' })).toBe('prod');
      expect(r({ Ref: 'Zones' })).toEqual(['a', 'b']);
      expect(r({ Ref: 'AWS::AccountId' })).toBe('000000000000');
      expect(r({ Ref: 'AWS::Partition' })).toBe('aws');
    });

    it('drops keys and list items that are AWS::NoValue', () => {
      expect(r({ A: 1, B: { Ref: 'AWS::NoValue' }, C: [1, { Ref: 'AWS::NoValue' }, 2] })).toEqual({
        A: 1,
        C: [1, 2],
      });
      expect(r({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
    });

    it('fails for an unknown name with CloudFormation words', () => {
      const error = thrownBy(() => r({ Ref: 'Missing' }));
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe(
        'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template'
      );
    });

    it('fails for an unknown pseudo parameter', () => {
      expect(thrownBy(() => r({ Ref: 'AWS::Nope' })).message).toContain('[AWS::Nope]');
    });
  });

  describe('Fn::GetAtt', () => {
    it('takes the list form and the dotted string form', () => {
      expect(r({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(resources.Queue?.attributes.Arn);
      expect(r({ 'Fn::GetAtt': 'Queue.QueueName' })).toBe('stack-Queue-ABC');
    });

    it('resolves a Ref as the attribute name', () => {
      const s = scope({ parameters: { Attr: 'Arn' } });
      expect(resolve({ 'Fn::GetAtt': ['Stream', { Ref: 'Attr' }] }, s, 'Test')).toBe(
        resources.Stream?.attributes.Arn
      );
    });

    it('fails for an undefined resource', () => {
      expect(thrownBy(() => r({ 'Fn::GetAtt': ['Nope', 'Arn'] })).message).toBe(
        'Template error: instance of Fn::GetAtt references undefined resource Nope'
      );
    });

    it('fails for a malformed argument', () => {
      expect(thrownBy(() => r({ 'Fn::GetAtt': ['Queue'] })).message).toMatch(
        /^Template error: Fn::GetAtt at Test.Fn::GetAtt requires/
      );
    });
  });

  describe('Fn::Join', () => {
    it('joins strings, numbers and resolved values', () => {
      expect(r({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:', 5]] })).toBe(
        'arn:aws:sqs:5'
      );
      expect(r({ 'Fn::Join': [',', { Ref: 'Zones' }] })).toBe('a,b');
    });

    it('fails when an item is not a string', () => {
      expect(thrownBy(() => r({ 'Fn::Join': ['', [{ a: 1 }]] })).message).toMatch(
        /^Template error: every Fn::Join object requires two parameters/
      );
    });
  });

  describe('Fn::Sub', () => {
    it('substitutes pseudo parameters, parameters, resources and attributes', () => {
      expect(r({ 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' })).toBe(
        'cdk-hnb659fds-assets-000000000000-us-east-1'
      );
      expect(r({ 'Fn::Sub': '${Env}/${Stream}/${Queue.QueueName}' })).toBe(
        'prod/stack-Stream-XYZ/stack-Queue-ABC'
      );
    });

    it('takes a variable map and keeps ${!Literal} literal', () => {
      expect(r({ 'Fn::Sub': ['${Name}-${!Keep}', { Name: { Ref: 'Env' } }] })).toBe('prod-${Keep}');
    });

    it('fails for a variable that is a list', () => {
      expect(thrownBy(() => r({ 'Fn::Sub': '${Zones}' })).message).toBe(
        'Template error: variable Zones in Fn::Sub expression at Test.Fn::Sub does not resolve to a string'
      );
    });

    it('fails for an unknown variable', () => {
      expect(thrownBy(() => r({ 'Fn::Sub': '${Nope}' })).message).toContain(
        'Unresolved resource dependencies [Nope]'
      );
    });
  });

  describe('Fn::Select, Fn::Split', () => {
    it('selects by index and splits strings', () => {
      expect(r({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe('b');
      expect(r({ 'Fn::Select': ['0', { Ref: 'Zones' }] })).toBe('a');
    });

    it('fails for an index out of range', () => {
      expect(thrownBy(() => r({ 'Fn::Select': [5, ['a']] })).message).toBe(
        'Template error: Fn::Select cannot select nonexistent value at index 5'
      );
    });
  });

  describe('conditions', () => {
    it('Fn::If picks the branch of the named condition and can yield NoValue', () => {
      expect(r({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
      expect(r({ 'Fn::If': ['IsDev', 'big', 'small'] })).toBe('small');
      expect(r({ P: { 'Fn::If': ['IsDev', 1, { Ref: 'AWS::NoValue' }] } })).toEqual({});
    });

    it('Fn::Equals compares scalars as strings, Fn::Not/And/Or combine', () => {
      expect(r({ 'Fn::Equals': [{ Ref: 'Count' }, 5] })).toBe(true);
      expect(r({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }] })).toBe(false);
      expect(r({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] })).toBe(true);
      expect(r({ 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] })).toBe(false);
    });

    it('evaluates the CDK bootstrap rule with Fn::Contains', () => {
      const rule = {
        'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'Version' }] }],
      };
      expect(evaluateCondition(rule, scope({ parameters: { Version: '33' } }), 'Rules')).toBe(true);
      expect(evaluateCondition(rule, scope({ parameters: { Version: '5' } }), 'Rules')).toBe(false);
    });

    it('evaluates Fn::EachMemberEquals and Fn::EachMemberIn', () => {
      expect(r({ 'Fn::EachMemberEquals': [['a', 'a'], 'a'] })).toBe(true);
      expect(r({ 'Fn::EachMemberIn': [{ Ref: 'Zones' }, ['a', 'b', 'c']] })).toBe(true);
      expect(
        r({
          'Fn::EachMemberIn': [
            ['a', 'z'],
            ['a', 'b'],
          ],
        })
      ).toBe(false);
    });

    it('conditionEvaluator evaluates lazily and reports circular conditions', () => {
      const condition = conditionEvaluator(
        {
          A: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
          B: { 'Fn::Not': [{ Condition: 'A' }] },
          C: { Condition: 'D' },
          D: { Condition: 'C' },
        },
        (c) => scope({ condition: c })
      );
      expect(condition('A')).toBe(true);
      expect(condition('B')).toBe(false);
      expect(thrownBy(() => condition('C')).message).toBe(
        'Template format error: Circular dependency between conditions: [C, D, C]'
      );
    });
  });

  describe('other functions', () => {
    it('Fn::Base64, Fn::FindInMap, Fn::GetAZs, Fn::ImportValue', () => {
      expect(r({ 'Fn::Base64': 'hi' })).toBe('aGk=');
      expect(r({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Shards'] })).toBe(4);
      expect(r({ 'Fn::GetAZs': '' })).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
      expect(r({ 'Fn::ImportValue': 'shared-table' })).toBe('SharedTable');
    });

    it('fails for a missing mapping and a missing export', () => {
      expect(thrownBy(() => r({ 'Fn::FindInMap': ['Sizes', 'test', 'Shards'] })).message).toBe(
        'Template error: Unable to get mapping for Sizes::test::Shards'
      );
      expect(thrownBy(() => r({ 'Fn::ImportValue': 'nope' })).message).toBe(
        'No export named nope found.'
      );
    });
  });

  describe('unsupported functions', () => {
    it('fails naming the function and where it is', () => {
      const error = thrownBy(() => r({ Props: { X: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] } } }));
      expect(error.name).toBe('ValidationError');
      expect(error.message).toMatch(
        /^Template format error: Encountered unsupported function: Fn::Cidr at Test.Props.X\. Supported functions are: \[Ref, Fn::GetAtt/
      );
    });
  });
});

describe('scanReferences', () => {
  it('finds Ref, GetAtt and Sub references, conditions and attributes, ignoring pseudo parameters', () => {
    const refs = scanReferences(
      {
        A: { Ref: 'Queue' },
        B: { 'Fn::GetAtt': ['Stream', 'Arn'] },
        C: {
          'Fn::Sub': ['${AWS::Region}-${Table.StreamArn}-${X}-${!Lit}', { X: { Ref: 'Param' } }],
        },
        D: { 'Fn::If': ['IsProd', { Ref: 'Other' }, 'x'] },
        E: { Ref: 'AWS::AccountId' },
      },
      'Test'
    );
    expect([...refs.names].sort()).toEqual(['Other', 'Param', 'Queue', 'Stream', 'Table']);
    expect([...refs.conditions]).toEqual(['IsProd']);
    expect(refs.attributes).toEqual([
      ['Stream', 'Arn'],
      ['Table', 'StreamArn'],
    ]);
  });

  it('rejects an unsupported function before anything is resolved', () => {
    expect(
      thrownBy(() => scanReferences({ X: [{ 'Fn::Transform': {} }] }, 'Resources.R.Properties'))
        .message
    ).toContain('Encountered unsupported function: Fn::Transform at Resources.R.Properties.X[0]');
  });
});
