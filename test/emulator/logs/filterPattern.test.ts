import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from '../../../emulator/services/logs/filter-pattern';

describe('compileFilterPattern', () => {
  describe('validations', () => {
    it.each([
      ['an unquoted term with punctuation', 'timed-out'],
      ['an unterminated quote', '"Task timed'],
      ['a comparison operator on a string', '{ $.level > "A" }'],
      ['a JSON pattern without a selector', '{ level = "ERROR" }'],
      ['a wildcard selector', '{ $.* = 1 }'],
      ['space-delimited fields', '[ip, status]'],
    ])('refuses %s', (_, pattern) => {
      expect(() => compileFilterPattern(pattern)).toThrow(/^Invalid filter pattern: /);
    });
  });

  describe('functionality', () => {
    it('matches everything with an empty pattern', () => {
      expect(compileFilterPattern('')('anything')).toBe(true);
      expect(compileFilterPattern(undefined)('anything')).toBe(true);
    });

    it('does not match non-JSON lines with a JSON pattern', () => {
      expect(compileFilterPattern('{ $.level = "ERROR" }')('ERROR level')).toBe(false);
    });

    it('compares numbers, nested fields and array elements', () => {
      const m = compileFilterPattern('{ $.error.code >= 400 && $.items[1] = "b" }');
      expect(m('{"error":{"code":404},"items":["a","b"]}')).toBe(true);
      expect(m('{"error":{"code":200},"items":["a","b"]}')).toBe(false);
    });

    it('supports IS TRUE, IS NULL and NOT EXISTS', () => {
      expect(compileFilterPattern('{ $.ok IS TRUE }')('{"ok":true}')).toBe(true);
      expect(compileFilterPattern('{ $.v IS NULL }')('{"v":null}')).toBe(true);
      expect(compileFilterPattern('{ $.v NOT EXISTS }')('{"w":1}')).toBe(true);
      expect(compileFilterPattern('{ $.v NOT EXISTS }')('{"v":1}')).toBe(false);
    });

    it('supports %regex% patterns', () => {
      const m = compileFilterPattern('%Task timed out after [0-9.]+ seconds%');
      expect(m('2026 abc Task timed out after 30.03 seconds')).toBe(true);
      expect(m('Task completed')).toBe(false);
    });
  });
});
