import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../emulator/core/token-bucket';
import { validateInput } from '../../../emulator/core/validate';
import { entriesToMap, formToObject } from '../../../emulator/protocols/query-params';
import { escapeXml, toXml } from '../../../emulator/protocols/xml';

describe('formToObject', () => {
  it('turns member lists, flattened lists and nested structures into JSON shapes', () => {
    // Arrange
    const params = new URLSearchParams(
      'Action=X&Version=1&Namespace=Lab&Statistics.member.2=Max&Statistics.member.1=Sum' +
        '&MetricData.member.1.MetricName=M&MetricData.member.1.Dimensions.member.1.Name=D' +
        '&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=30&Attribute.2.Name=DelaySeconds&Attribute.2.Value=5'
    );
    // Act
    const out = formToObject(params);
    // Assert
    expect(out).toEqual({
      Namespace: 'Lab',
      Statistics: ['Sum', 'Max'],
      MetricData: [{ MetricName: 'M', Dimensions: [{ Name: 'D' }] }],
      Attribute: [
        { Name: 'VisibilityTimeout', Value: '30' },
        { Name: 'DelaySeconds', Value: '5' },
      ],
    });
    expect(entriesToMap(out.Attribute)).toEqual({ VisibilityTimeout: '30', DelaySeconds: '5' });
  });

  it('reads entry maps', () => {
    // Act
    const out = formToObject(new URLSearchParams('Tags.entry.1.key=k&Tags.entry.1.value=v'));
    // Assert
    expect(entriesToMap(out.Tags, 'key', 'value')).toEqual({ k: 'v' });
  });
});

describe('XML writer', () => {
  it('escapes markup, quotes and forbidden control characters', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('writes wrapped lists, flattened lists, nested objects and timestamps', () => {
    // Act
    const xml = toXml(
      {
        Names: ['a'],
        Attr: [{ Name: 'n' }],
        Nested: { X: 1 },
        When: 1_767_225_600,
        Skip: undefined,
      },
      { flattened: new Set(['Attr']), timestamps: new Set(['When']) }
    );
    // Assert
    expect(xml).toBe(
      '<Names><member>a</member></Names><Attr><Name>n</Name></Attr><Nested><X>1</X></Nested>' +
        '<When>2026-01-01T00:00:00.000Z</When>'
    );
  });
});

describe('validateInput', () => {
  const shape = {
    Name: { type: 'string', required: true, min: 1, max: 3, pattern: '[a-z]+' },
    Count: { type: 'integer', min: 1, max: 5 },
    Items: {
      type: 'list',
      max: 2,
      member: { type: 'structure', members: { Key: { type: 'string', required: true } } },
    },
  } as const;

  it('lists failures in table order with AWS wording', () => {
    // Act + Assert
    expect(() => validateInput({ Name: 'ABCD', Count: 9, Items: [{}] }, shape)).toThrow(
      "4 validation errors detected: Value 'ABCD' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
        "Value 'ABCD' at 'name' failed to satisfy constraint: Member must have length less than or equal to 3; " +
        "Value '9' at 'count' failed to satisfy constraint: Member must have value less than or equal to 5; " +
        "Value null at 'items.1.member.key' failed to satisfy constraint: Member must not be null"
    );
  });

  it('reports at most 10 failures', () => {
    // Act
    const items = Array.from({ length: 12 }, () => ({}));
    const longShape = { Items: { type: 'list', member: shape.Items.member } } as const;
    // Assert
    expect(() => validateInput({ Items: items }, longShape)).toThrow(
      /^10 validation errors detected: /
    );
  });

  it('raises a SerializationException for a wrong JSON type', () => {
    // Act + Assert
    expect(() => validateInput({ Name: 5 }, shape)).toThrow(
      expect.objectContaining({
        code: 'SerializationException',
        message: 'class java.math.BigDecimal can not be converted to an String',
      })
    );
  });
});

describe('TokenBucket', () => {
  it('refills continuously up to its capacity, on the time it is given', () => {
    // Arrange
    const bucket = new TokenBucket(1000, 1000, 0);
    // Act
    expect(bucket.tryTake(1000, 0)).toBe(true);
    expect(bucket.tryTake(1, 0)).toBe(false);
    // Assert
    expect(bucket.available(250)).toBe(250);
    expect(bucket.available(10_000)).toBe(1000);
  });

  it('lets take() leave a debt that refills before tokens are available again', () => {
    // Arrange
    const bucket = new TokenBucket(10, 10, 0);
    // Act
    bucket.take(25, 0);
    // Assert
    expect(bucket.available(0)).toBe(-15);
    expect(bucket.available(2000)).toBe(5);
  });
});
