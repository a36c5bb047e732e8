import { describe, expect, it } from 'vitest';
import {
  InputTemplateError,
  renderInputTemplate,
} from '../../../emulator/services/pipes/input-template';

const variables = {
  pipeArn: 'arn:aws:pipes:us-east-1:000000000000:pipe/p',
  pipeName: 'p',
  sourceArn: 'arn:aws:sqs:us-east-1:000000000000:in',
  targetArn: 'arn:aws:sqs:us-east-1:000000000000:out',
  ingestionTime: '2026-01-01T00:00:00.000Z',
};

const ddb = {
  eventName: 'INSERT',
  dynamodb: {
    Keys: { id: { S: 'k-1' } },
    NewImage: { id: { S: 'k-1' }, note: { S: 'say "hi"' }, n: { N: '7' } },
    SizeBytes: 42,
  },
};

describe('renderInputTemplate', () => {
  describe('functionality', () => {
    it('inserts values as JSON outside strings and as escaped text inside them', () => {
      // Act
      const out = renderInputTemplate(
        '{"id": "<$.dynamodb.Keys.id.S>", "note": "<$.dynamodb.NewImage.note.S>", "image": <$.dynamodb.NewImage>, "size": <$.dynamodb.SizeBytes>, "label": "size <$.dynamodb.SizeBytes>"}',
        ddb,
        variables
      );
      // Assert
      expect(JSON.parse(out)).toEqual({
        id: 'k-1',
        note: 'say "hi"',
        image: ddb.dynamodb.NewImage,
        size: 42,
        label: 'size 42',
      });
    });

    it('renders <aws.pipes.event.json> as the whole event and the reserved variables', () => {
      // Act
      const out = renderInputTemplate(
        '{"raw": <aws.pipes.event.json>, "pipe": "<aws.pipes.pipe-name>", "arn": "<aws.pipes.pipe-arn>", "at": "<aws.pipes.event.ingestion-time>"}',
        ddb,
        variables
      );
      // Assert
      expect(JSON.parse(out)).toEqual({
        raw: ddb,
        pipe: 'p',
        arn: variables.pipeArn,
        at: '2026-01-01T00:00:00.000Z',
      });
    });

    it('copies a value as many times as the template names it (the amplification of an audit copy)', () => {
      // Arrange
      const big = { dynamodb: { NewImage: { payload: { S: 'x'.repeat(1000) } } } };
      // Act
      const out = renderInputTemplate(
        '{"a": <$.dynamodb.NewImage.payload.S>, "b": <$.dynamodb.NewImage.payload.S>, "c": <$.dynamodb.NewImage.payload.S>, "d": <$.dynamodb.NewImage.payload.S>}',
        big,
        variables
      );
      // Assert
      expect(out.length).toBeGreaterThan(4000);
    });

    it('reads into a JSON SQS body and Kinesis data (implicit body parsing)', () => {
      // Act
      const sqs = renderInputTemplate(
        '{"n": <$.body.n>}',
        { eventSource: 'aws:sqs', body: '{"n": 3}' },
        variables
      );
      const kinesis = renderInputTemplate(
        '{"n": <$.data.n>}',
        { eventSource: 'aws:kinesis', data: Buffer.from('{"n": 4}').toString('base64') },
        variables
      );
      // Assert
      expect(JSON.parse(sqs)).toEqual({ n: 3 });
      expect(JSON.parse(kinesis)).toEqual({ n: 4 });
    });

    it('renders free text with strings as they are', () => {
      // Act + Assert
      expect(renderInputTemplate('Hello, <$.dynamodb.Keys.id.S>!', ddb, variables)).toBe(
        'Hello, k-1!'
      );
      expect(renderInputTemplate('<$.dynamodb.Keys>', ddb, variables)).toBe('{"id":{"S":"k-1"}}');
    });

    it('renders a missing path as null, or as an empty string inside a string', () => {
      // Act
      const out = renderInputTemplate('{"a": <$.nope.x>, "b": "<$.nope>"}', ddb, variables);
      // Assert
      expect(JSON.parse(out)).toEqual({ a: null, b: '' });
    });
  });

  describe('validations', () => {
    it('fails <aws.pipes.event.json> inside a string, an unknown reserved variable and a template over 8,192 characters', () => {
      // Act + Assert
      expect(() => renderInputTemplate('{"a": "<aws.pipes.event.json>"}', ddb, variables)).toThrow(
        new InputTemplateError(
          '<aws.pipes.event.json> can only be used as a value for a JSON field, not inside a string'
        )
      );
      expect(() => renderInputTemplate('{"a": <aws.pipes.nope>}', ddb, variables)).toThrow(
        '<aws.pipes.nope> is not a reserved variable of EventBridge Pipes'
      );
      expect(() => renderInputTemplate(`"${'x'.repeat(8192)}"`, ddb, variables)).toThrow(
        'InputTemplate is longer than 8192 characters'
      );
    });
  });
});
