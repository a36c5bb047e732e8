// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...}
import { describe, expect, it } from 'vitest';
import { dependencyGraph } from '../../../emulator/cloudformation/graph';
import { generatedName } from '../../../emulator/cloudformation/physical-names';
import type { ResourceDefinition } from '../../../emulator/cloudformation/template';
import { thrownBy } from './helpers';

const q = (
  props: Record<string, unknown> = {},
  extra: Partial<ResourceDefinition> = {}
): ResourceDefinition => ({
  Type: 'AWS::SQS::Queue',
  Properties: props,
  ...extra,
});

describe('dependencyGraph', () => {
  describe('functionality', () => {
    it('orders dependencies first from Ref, GetAtt, Sub and DependsOn, template order otherwise', () => {
      const graph = dependencyGraph(
        {
          Function: q(
            { Env: { Ref: 'Table' }, Q: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
            { DependsOn: ['Role'] }
          ),
          Mapping: q({ F: { Ref: 'Function' }, S: { 'Fn::Sub': '${Stream.Arn}' } }),
          Role: q(),
          Queue: q({ Dlq: { 'Fn::GetAtt': ['Dlq', 'Arn'] } }),
          Dlq: q(),
          Table: q(),
          Stream: q({}, { DependsOn: 'Table' }),
        },
        new Set()
      );
      expect(graph.order).toEqual([
        'Role',
        'Dlq',
        'Table',
        'Queue',
        'Stream',
        'Function',
        'Mapping',
      ]);
      expect([...(graph.dependencies.get('Function') ?? [])].sort()).toEqual([
        'Queue',
        'Role',
        'Table',
      ]);
    });

    it('ignores parameters and pseudo parameters, and leaves out excluded resources', () => {
      const graph = dependencyGraph(
        {
          A: q({ X: { Ref: 'Param' }, Y: { Ref: 'AWS::Region' } }),
          B: q({ X: { Ref: 'A' } }),
          C: q({}, { DependsOn: 'B' }),
        },
        new Set(['Param']),
        (id) => id !== 'B'
      );
      expect(graph.order).toEqual(['A', 'C']);
    });
  });

  describe('validations', () => {
    it('fails on a cycle, naming the resources on it', () => {
      const error = thrownBy(() =>
        dependencyGraph(
          {
            A: q({ X: { Ref: 'B' } }),
            B: q({ X: { 'Fn::GetAtt': ['C', 'Arn'] } }),
            C: q({}, { DependsOn: 'A' }),
            D: q({ X: { Ref: 'A' } }),
            E: q(),
          },
          new Set()
        )
      );
      expect(error.name).toBe('ValidationError');
      expect(error.message).toBe('Circular dependency between resources: [A, B, C]');
    });

    it('fails on a self reference', () => {
      expect(
        thrownBy(() => dependencyGraph({ A: q({ X: { Ref: 'A' } }) }, new Set())).message
      ).toBe('Circular dependency between resources: [A]');
    });

    it('fails on references and DependsOn to nothing', () => {
      expect(
        thrownBy(() =>
          dependencyGraph({ A: q({ X: { Ref: 'Ghost' } }, { DependsOn: 'Phantom' }) }, new Set())
        ).message
      ).toBe(
        'Template format error: Unresolved resource dependencies [Phantom, Ghost] in the Resources block of the template'
      );
    });
  });
});

describe('generatedName', () => {
  it('is <stack>-<LogicalId>-<13 characters> when it fits', () => {
    expect(
      generatedName('forensics-double-trouble', 'OrdersQueue3DFA1D51', 80, 'ABCDEFGHIJKLM')
    ).toBe('forensics-double-trouble-OrdersQueue3DFA1D51-ABCDEFGHIJKLM');
  });

  it('shortens the longer of stack name and logical id to the limit, keeping the suffix whole', () => {
    const name = generatedName(
      'forensics-latency-forensics',
      'ProcessorFunction5B2A90E2',
      64,
      'ABCDEFGHIJKLM'
    );
    expect(name).toHaveLength(64);
    expect(name).toBe('forensics-latency-forens-ProcessorFunction5B2A90E2-ABCDEFGHIJKLM');
    const tight = generatedName(
      'a-very-long-stack-name-indeed',
      'AVeryLongLogicalIdIndeed',
      30,
      'ABCDEFGHIJKLM'
    );
    expect(tight).toHaveLength(30);
    expect(tight.endsWith('-ABCDEFGHIJKLM')).toBe(true);
  });

  it('uses 13 random upper-case letters and digits by default', () => {
    expect(generatedName('s', 'L', 80)).toMatch(/^s-L-[A-Z0-9]{13}$/);
  });
});
