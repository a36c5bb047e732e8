/**
 * CloudWatch Logs filter patterns (FilterLogEvents `filterPattern`).
 * Syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * Supported:
 * - empty pattern: every event;
 * - terms, case-sensitive, matched as substrings: `ERROR`, `"Task timed out"` (quoted phrase),
 *   `ERROR Exception` (all), `?ERROR ?WARN` (any), `ERROR -Retry` (exclusion);
 * - JSON patterns on events whose message is a JSON object: `{ $.level = "ERROR" }`,
 *   `{ $.a.b[0] != "x*" }` (`*` wildcard), numeric `= != < > <= >=`, `IS TRUE|FALSE|NULL`,
 *   `NOT EXISTS`, combined with `&&`, `||` and parentheses;
 * - regular expressions `%...%` (evaluated as JavaScript regular expressions).
 * Anything else (space-delimited `[a, b]` patterns, ...) is refused with InvalidParameterException:
 * never a silent match-all.
 */
import { invalidParameter } from './validation';

export type Matcher = (message: string) => boolean;

class PatternError extends Error {}

function unsupported(pattern: string, why: string): Error {
  return invalidParameter(`Invalid filter pattern: ${why} (pattern: ${pattern}).`);
}

// --- text terms -------------------------------------------------------------------------

interface Term {
  text: string;
  mode: 'and' | 'or' | 'not';
}

function parseTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let mode: Term['mode'] = 'and';
    if (c === '?' || c === '-') {
      mode = c === '?' ? 'or' : 'not';
      i++;
    }
    let text = '';
    if (pattern.charAt(i) === '"') {
      const end = pattern.indexOf('"', i + 1);
      if (end < 0) throw new PatternError('unterminated quoted term');
      text = pattern.slice(i + 1, end);
      i = end + 1;
    } else {
      while (i < pattern.length && !/\s/.test(pattern.charAt(i))) text += pattern.charAt(i++);
      if (!/^[A-Za-z0-9_]+$/.test(text)) {
        throw new PatternError(
          `the term ${text} has characters other than letters, digits and underscore and must be quoted`
        );
      }
    }
    if (text === '') throw new PatternError('empty term');
    terms.push({ text, mode });
  }
  return terms;
}

function termMatcher(terms: Term[]): Matcher {
  const all = terms.filter((t) => t.mode === 'and').map((t) => t.text);
  const any = terms.filter((t) => t.mode === 'or').map((t) => t.text);
  const none = terms.filter((t) => t.mode === 'not').map((t) => t.text);
  return (m) =>
    all.every((t) => m.includes(t)) &&
    (any.length === 0 || any.some((t) => m.includes(t))) &&
    none.every((t) => !m.includes(t));
}

// --- JSON patterns ----------------------------------------------------------------------

type Cond = (doc: unknown) => boolean;

interface Tok {
  kind: 'sel' | 'str' | 'num' | 'word' | 'op' | 'paren';
  text: string;
}

function tokenizeJson(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    let m = /^\$(\.[A-Za-z0-9_@-]+|\[\d+\]|\.\*)*/.exec(rest);
    if (c === '$' && m) {
      if (m[0].includes('.*')) throw new PatternError('wildcard selectors ($.*) are not supported');
      out.push({ kind: 'sel', text: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new PatternError('unterminated string');
      out.push({ kind: 'str', text: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![A-Za-z_])/.exec(rest);
    if (m) {
      out.push({ kind: 'num', text: m[0] });
      i += m[0].length;
      continue;
    }
    m = /^(&&|\|\||!=|<=|>=|=|<|>)/.exec(rest);
    if (m) {
      out.push({ kind: 'op', text: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: 'paren', text: c });
      i++;
      continue;
    }
    m = /^[A-Za-z_*][A-Za-z0-9_*.:/-]*/.exec(rest);
    if (m) {
      out.push({ kind: 'word', text: m[0] });
      i += m[0].length;
      continue;
    }
    throw new PatternError(`unexpected character '${c}'`);
  }
  return out;
}

function select(doc: unknown, selector: string): { found: boolean; value: unknown } {
  const parts = selector.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: unknown = doc;
  for (const p of parts) {
    if (p.startsWith('[')) {
      const idx = Number(p.slice(1, -1));
      if (!Array.isArray(cur) || idx >= cur.length) return { found: false, value: undefined };
      cur = cur[idx];
    } else {
      const key = p.slice(1);
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !(key in cur)) {
        return { found: false, value: undefined };
      }
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return { found: true, value: cur };
}

function wildcard(text: string): RegExp {
  const escaped = text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

class JsonParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): Cond {
    const c = this.or();
    if (this.i < this.toks.length) {
      throw new PatternError(`unexpected '${(this.toks[this.i] as Tok).text}'`);
    }
    return c;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new PatternError('unexpected end of pattern');
    return t;
  }

  private or(): Cond {
    let left = this.and();
    while (this.peek()?.text === '||') {
      this.i++;
      const a = left;
      const b = this.and();
      left = (d) => a(d) || b(d);
    }
    return left;
  }

  private and(): Cond {
    let left = this.primary();
    while (this.peek()?.text === '&&') {
      this.i++;
      const a = left;
      const b = this.primary();
      left = (d) => a(d) && b(d);
    }
    return left;
  }

  private primary(): Cond {
    const t = this.next();
    if (t.kind === 'paren' && t.text === '(') {
      const inner = this.or();
      const close = this.next();
      if (close.text !== ')') throw new PatternError("expected ')'");
      return inner;
    }
    if (t.kind !== 'sel')
      throw new PatternError(`expected a selector such as $.field, found '${t.text}'`);
    return this.comparison(t.text);
  }

  private comparison(selector: string): Cond {
    const op = this.next();
    if (op.kind === 'word' && op.text === 'IS') {
      const what = this.next().text;
      if (what === 'NULL')
        return (d) => select(d, selector).found && select(d, selector).value === null;
      if (what === 'TRUE') return (d) => select(d, selector).value === true;
      if (what === 'FALSE') return (d) => select(d, selector).value === false;
      throw new PatternError(`IS ${what} is not supported`);
    }
    if (op.kind === 'word' && op.text === 'NOT') {
      const what = this.next().text;
      if (what !== 'EXISTS') throw new PatternError(`NOT ${what} is not supported`);
      return (d) => !select(d, selector).found;
    }
    if (op.kind !== 'op' || op.text === '&&' || op.text === '||') {
      throw new PatternError(`expected a comparison after ${selector}, found '${op.text}'`);
    }
    const value = this.next();
    if (value.kind === 'num') {
      const n = Number(value.text);
      const cmp = (x: number): boolean => {
        switch (op.text) {
          case '=':
            return x === n;
          case '!=':
            return x !== n;
          case '<':
            return x < n;
          case '>':
            return x > n;
          case '<=':
            return x <= n;
          default:
            return x >= n;
        }
      };
      return (d) => {
        const { found, value: v } = select(d, selector);
        if (!found || typeof v !== 'number') return op.text === '!=' && found;
        return cmp(v);
      };
    }
    if (value.kind === 'str' || value.kind === 'word') {
      if (op.text !== '=' && op.text !== '!=') {
        throw new PatternError(`the operator ${op.text} only applies to numbers`);
      }
      const re = wildcard(value.text);
      return (d) => {
        const { found, value: v } = select(d, selector);
        if (!found || v === null || typeof v === 'object') return op.text === '!=' && found;
        const matches = re.test(String(v));
        return op.text === '=' ? matches : !matches;
      };
    }
    throw new PatternError(`unexpected '${value.text}' after ${op.text}`);
  }
}

function jsonMatcher(body: string): Matcher {
  const cond = new JsonParser(tokenizeJson(body)).parse();
  return (message) => {
    const trimmed = message.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      return false;
    }
    return cond(doc);
  };
}

/** Compiles a filter pattern, or throws InvalidParameterException if it cannot be evaluated. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const p = (pattern ?? '').trim();
  if (p === '' || p === '""') return () => true;
  try {
    if (p.startsWith('{')) {
      if (!p.endsWith('}')) throw new PatternError('a JSON pattern must end with }');
      return jsonMatcher(p.slice(1, -1));
    }
    if (p.startsWith('[')) {
      throw new PatternError(
        'space-delimited [field, ...] patterns are not supported by the emulator'
      );
    }
    if (p.startsWith('%') && p.endsWith('%') && p.length > 1) {
      let re: RegExp;
      try {
        re = new RegExp(p.slice(1, -1));
      } catch {
        throw new PatternError('invalid regular expression');
      }
      return (m) => re.test(m);
    }
    return termMatcher(parseTerms(p));
  } catch (e) {
    if (e instanceof PatternError) throw unsupported(p, e.message);
    throw e;
  }
}
