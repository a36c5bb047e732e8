import { describe, expect, it } from 'vitest';
import { parseProductEvent } from '../../../functions/silent-disappear/consumer';
import {
  INPUT_TEMPLATE_MAX_CHARS,
  InputTemplateError,
  renderInputTemplate,
} from '../../../functions/silent-disappear/input-template';
import {
  buildProduct,
  itemSizeBytes,
  type Product,
  SizeClass,
  toItem,
} from '../../../functions/silent-disappear/product';
import {
  auditCopyInputTemplate,
  claimCheckInputTemplate,
  PRODUCT_EVENTS_MAX_MESSAGE_BYTES,
} from '../../../infra/stacks/silent-disappear';

const TABLE_NAME = 'forensics-silent-disappear-Products229621C6-1A2B3C4D5E6F';

/** A DynamoDB stream record for an inserted product, shaped as the pipe receives it (C.3). */
function streamRecord(product: Product): Record<string, unknown> {
  const item = toItem(product);
  return {
    eventID: 'c4ca4238a0b923820dcc509a6f75849b',
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1767225600,
      Keys: { productId: item.productId },
      NewImage: item,
      SequenceNumber: '100000000000000000001',
      SizeBytes: itemSizeBytes({ ...product }),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:111122223333:table/Products/stream/2026-01-01T00:00:00.000',
  };
}

const small = buildProduct(
  '0b9f7c1e-4a4e-4c55-9a43-3d1f7b8f2a10',
  SizeClass.Small,
  '2026-01-01T00:00:00.000Z'
);
const large = buildProduct(
  '7d2c5b8a-1f3e-4b6d-8c9a-0e1f2a3b4c5d',
  SizeClass.Large,
  '2026-01-01T00:00:00.000Z'
);

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('the broken audit-copy template', () => {
  it('renders a 300 KB product into a message larger than the 1,048,576-byte SQS limit', () => {
    // Arrange
    const record = streamRecord(large);
    // Act
    const message = renderInputTemplate(auditCopyInputTemplate(), record);
    // Assert
    expect(itemSizeBytes({ ...large })).toBe(300 * 1024);
    expect(bytes(message)).toBeGreaterThan(PRODUCT_EVENTS_MAX_MESSAGE_BYTES);
  });

  it('amplifies the item about four times', () => {
    // Arrange
    const record = streamRecord(large);
    // Act
    const ratio =
      bytes(renderInputTemplate(auditCopyInputTemplate(), record)) / itemSizeBytes({ ...large });
    // Assert
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(4.2);
  });

  it('keeps a 2 KB product far below the limit, so small products still arrive', () => {
    // Arrange
    const record = streamRecord(small);
    // Act
    const message = renderInputTemplate(auditCopyInputTemplate(), record);
    // Assert
    expect(bytes(message)).toBeLessThan(16 * 1024);
  });

  it('renders valid JSON whose top-level productId and sizeClass the consumer reads', () => {
    // Arrange
    const record = streamRecord(small);
    // Act
    const message = renderInputTemplate(auditCopyInputTemplate(), record);
    // Assert
    expect(parseProductEvent(message)).toEqual({
      productId: small.productId,
      sizeClass: SizeClass.Small,
    });
    expect(JSON.parse(message).snapshot).toEqual(toItem(small));
  });
});

describe('the fixed claim-check template', () => {
  it.each([
    ['small', small],
    ['large', large],
  ])('renders a %s product into a message under 10 KB', (_label, product) => {
    // Arrange
    const record = streamRecord(product);
    // Act
    const message = renderInputTemplate(claimCheckInputTemplate(TABLE_NAME), record);
    // Assert
    expect(bytes(message)).toBeLessThan(10 * 1024);
  });

  it('carries the id, the size class, the event and where the full item lives', () => {
    // Arrange
    const record = streamRecord(large);
    // Act
    const message = JSON.parse(renderInputTemplate(claimCheckInputTemplate(TABLE_NAME), record));
    // Assert
    expect(message).toEqual({
      productId: large.productId,
      sizeClass: SizeClass.Large,
      eventName: 'INSERT',
      approximateCreationDateTime: 1767225600,
      changedFields: large.changedFields,
      itemSizeBytes: 300 * 1024,
      table: TABLE_NAME,
      key: { productId: large.productId },
    });
    expect(parseProductEvent(JSON.stringify(message)).sizeClass).toBe(SizeClass.Large);
  });
});

describe('renderInputTemplate', () => {
  it('quotes a string path outside a JSON string and escapes it inside one', () => {
    // Arrange
    const event = { body: { name: 'say "hi"' } };
    // Act
    const rendered = renderInputTemplate('{"a": <$.body.name>, "b": "x <$.body.name>"}', event);
    // Assert
    expect(JSON.parse(rendered)).toEqual({ a: 'say "hi"', b: 'x say "hi"' });
  });

  it('inserts objects and the whole event as JSON', () => {
    // Arrange
    const event = { body: { n: 1 } };
    // Act
    const rendered = renderInputTemplate('{"o": <$.body>, "e": <aws.pipes.event.json>}', event);
    // Assert
    expect(JSON.parse(rendered)).toEqual({ o: { n: 1 }, e: event });
  });

  it('fills reserved variables it is given', () => {
    // Act
    const rendered = renderInputTemplate(
      '"<aws.pipes.pipe-name>"',
      {},
      {
        'aws.pipes.pipe-name': 'ProductPipe-abc',
      }
    );
    // Assert
    expect(rendered).toBe('"ProductPipe-abc"');
  });

  it('rejects a path the event does not have', () => {
    // Act + Assert
    expect(() =>
      renderInputTemplate('{"before": <$.dynamodb.OldImage>}', { dynamodb: {} })
    ).toThrow(new InputTemplateError('the event has no $.dynamodb.OldImage'));
  });

  it('rejects an object placed inside quotes', () => {
    // Act + Assert
    expect(() => renderInputTemplate('{"o": "<$.body>"}', { body: { n: 1 } })).toThrow(
      InputTemplateError
    );
  });

  it('rejects a template longer than 8,192 characters', () => {
    // Arrange
    const template = `"${'x'.repeat(INPUT_TEMPLATE_MAX_CHARS)}"`;
    // Act + Assert
    expect(() => renderInputTemplate(template, {})).toThrow(/at most 8192 characters \(got 8194\)/);
  });

  it('rejects a reserved variable it does not model', () => {
    // Act + Assert
    expect(() => renderInputTemplate('<aws.pipes.target-arn>', {})).toThrow(/not modelled/);
  });
});
