/**
 * A subset of CloudWatch metric math: enough for checks and alarms, and a clear error for the
 * rest (never a silent wrong answer).
 *
 * Supported: numbers, query ids, `+ - * / ^`, unary minus, parentheses, `[a, b]` arrays,
 * `METRICS()` / `METRICS("s")` (the MetricStat queries whose Id contains s), `FILL(x, n | REPEAT |
 * LINEAR)`, `SUM/AVG/MIN/MAX(x)` (of one series: a scalar; of an array: one series), `ABS`,
 * `DIFF`, `RATE`, `PERIOD`.
 *
 * Semantics: an operation on two series keeps only the timestamps both have (a missing
 * datapoint stays missing: use FILL); SUM/AVG/MIN/MAX of an array combine, at each timestamp,
 * the series that have a value there; results that are not finite (division by zero) are
 * dropped.
 */

/** A time series: timestamp (ms) -> value, with the period it was computed at. */
export interface TimeSeries {
  label: string;
  /** Seconds; 0 when unknown (a constant). */
  period: number;
  points: Map<number, number>;
}

export type MathValue =
  | { kind: 'scalar'; value: number }
  | { kind: 'series'; series: TimeSeries }
  | { kind: 'array'; items: TimeSeries[] }
  | { kind: 'string'; value: string }
  | { kind: 'keyword'; value: string };

/** Raised for expressions the emulator cannot evaluate; the caller turns it into an AwsError. */
export class MathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MathError';
  }
}

type Node =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ident'; name: string }
  | { type: 'unary'; op: '-'; arg: Node }
  | { type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'array'; items: Node[] };

interface Token {
  kind: 'num' | 'str' | 'id' | 'op';
  text: string;
  pos: number;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ kind: 'num', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      tokens.push({ kind: 'id', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new MathError(`unterminated string at position ${i}`);
      tokens.push({ kind: 'str', text: src.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      throw new MathError(`the operator ${two} is not supported`);
    }
    if ('+-*/^(),[]'.includes(c)) {
      tokens.push({ kind: 'op', text: c, pos: i });
      i++;
      continue;
    }
    if ('<>!'.includes(c)) throw new MathError(`the operator ${c} is not supported`);
    throw new MathError(`unexpected character '${c}' at position ${i}`);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.expr();
    const extra = this.tokens[this.i];
    if (extra) throw new MathError(`unexpected '${extra.text}' at position ${extra.pos}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private take(text?: string): Token {
    const t = this.tokens[this.i];
    if (!t) throw new MathError('unexpected end of expression');
    if (text !== undefined && t.text !== text) {
      throw new MathError(`expected '${text}' at position ${t.pos}, found '${t.text}'`);
    }
    this.i++;
    return t;
  }

  private expr(): Node {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && (t.text === '+' || t.text === '-')) {
        this.i++;
        left = { type: 'binary', op: t.text, left, right: this.term() };
      } else return left;
    }
  }

  private term(): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && (t.text === '*' || t.text === '/')) {
        this.i++;
        left = { type: 'binary', op: t.text, left, right: this.unary() };
      } else return left;
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t?.kind === 'op' && t.text === '-') {
      this.i++;
      return { type: 'unary', op: '-', arg: this.unary() };
    }
    if (t?.kind === 'op' && t.text === '+') {
      this.i++;
      return this.unary();
    }
    const base = this.primary();
    const next = this.peek();
    if (next?.kind === 'op' && next.text === '^') {
      this.i++;
      return { type: 'binary', op: '^', left: base, right: this.unary() };
    }
    return base;
  }

  private primary(): Node {
    const t = this.take();
    if (t.kind === 'num') return { type: 'number', value: Number(t.text) };
    if (t.kind === 'str') return { type: 'string', value: t.text };
    if (t.kind === 'id') {
      if (this.peek()?.text === '(') {
        this.take('(');
        const args: Node[] = [];
        if (this.peek()?.text !== ')') {
          args.push(this.expr());
          while (this.peek()?.text === ',') {
            this.take(',');
            args.push(this.expr());
          }
        }
        this.take(')');
        return { type: 'call', name: t.text, args };
      }
      return { type: 'ident', name: t.text };
    }
    if (t.text === '(') {
      const inner = this.expr();
      this.take(')');
      return inner;
    }
    if (t.text === '[') {
      const items: Node[] = [];
      if (this.peek()?.text !== ']') {
        items.push(this.expr());
        while (this.peek()?.text === ',') {
          this.take(',');
          items.push(this.expr());
        }
      }
      this.take(']');
      return { type: 'array', items };
    }
    throw new MathError(`unexpected '${t.text}' at position ${t.pos}`);
  }
}

/** Parses an expression, throwing MathError for syntax the emulator does not support. */
export function parseExpression(src: string): Node {
  return new Parser(tokenize(src)).parse();
}

/** The query ids an expression refers to (for dependency order and cycle checks). */
export function referencedIds(node: Node): string[] {
  switch (node.type) {
    case 'ident':
      return [node.name];
    case 'unary':
      return referencedIds(node.arg);
    case 'binary':
      return [...referencedIds(node.left), ...referencedIds(node.right)];
    case 'call':
      return node.args.flatMap(referencedIds);
    case 'array':
      return node.items.flatMap(referencedIds);
    default:
      return [];
  }
}

/** Whether the expression uses METRICS() (it then depends on every MetricStat query). */
export function usesMetricsFunction(node: Node): boolean {
  switch (node.type) {
    case 'call':
      return node.name === 'METRICS' || node.args.some(usesMetricsFunction);
    case 'unary':
      return usesMetricsFunction(node.arg);
    case 'binary':
      return usesMetricsFunction(node.left) || usesMetricsFunction(node.right);
    case 'array':
      return node.items.some(usesMetricsFunction);
    default:
      return false;
  }
}

export interface MathContext {
  /** The value of another query by Id, or undefined if there is none. */
  resolve(id: string): MathValue | undefined;
  /** The MetricStat queries (Id, series), in request order, for METRICS(). */
  metrics(): { id: string; series: TimeSeries }[];
  /** Timestamps (ms) a series of this period covers in the request's range, for FILL. */
  grid(period: number): number[];
}

type BinaryOp = '+' | '-' | '*' | '/' | '^';

function apply(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return a ** b;
  }
}

function mapSeries(
  s: TimeSeries,
  f: (v: number, t: number) => number,
  label = s.label
): TimeSeries {
  const points = new Map<number, number>();
  for (const [t, v] of s.points) {
    const r = f(v, t);
    if (Number.isFinite(r)) points.set(t, r);
  }
  return { label, period: s.period, points };
}

function combine(op: BinaryOp, a: TimeSeries, b: TimeSeries): TimeSeries {
  if (a.period && b.period && a.period !== b.period) {
    throw new MathError(
      `combining series of different periods (${a.period} and ${b.period} seconds) is not supported`
    );
  }
  const points = new Map<number, number>();
  for (const [t, va] of a.points) {
    const vb = b.points.get(t);
    if (vb === undefined) continue;
    const r = apply(op, va, vb);
    if (Number.isFinite(r)) points.set(t, r);
  }
  return { label: a.label, period: a.period || b.period, points };
}

function binary(op: BinaryOp, left: MathValue, right: MathValue): MathValue {
  if (left.kind === 'scalar' && right.kind === 'scalar') {
    return { kind: 'scalar', value: apply(op, left.value, right.value) };
  }
  if (left.kind === 'series' && right.kind === 'scalar') {
    return { kind: 'series', series: mapSeries(left.series, (v) => apply(op, v, right.value)) };
  }
  if (left.kind === 'scalar' && right.kind === 'series') {
    return { kind: 'series', series: mapSeries(right.series, (v) => apply(op, left.value, v)) };
  }
  if (left.kind === 'series' && right.kind === 'series') {
    return { kind: 'series', series: combine(op, left.series, right.series) };
  }
  if (left.kind === 'array' && right.kind === 'array') {
    if (left.items.length !== right.items.length) {
      throw new MathError('arrays of different lengths cannot be combined');
    }
    return {
      kind: 'array',
      items: left.items.map((s, i) => combine(op, s, right.items[i] as TimeSeries)),
    };
  }
  if (left.kind === 'array' && (right.kind === 'scalar' || right.kind === 'series')) {
    return {
      kind: 'array',
      items: left.items.map((s) => {
        const r = binary(op, { kind: 'series', series: s }, right);
        return (r as { series: TimeSeries }).series;
      }),
    };
  }
  if (right.kind === 'array' && (left.kind === 'scalar' || left.kind === 'series')) {
    return {
      kind: 'array',
      items: right.items.map((s) => {
        const r = binary(op, left, { kind: 'series', series: s });
        return (r as { series: TimeSeries }).series;
      }),
    };
  }
  throw new MathError(`the operator ${op} cannot be applied to ${left.kind} and ${right.kind}`);
}

function seriesList(v: MathValue, fn: string): TimeSeries[] {
  if (v.kind === 'series') return [v.series];
  if (v.kind === 'array') return v.items;
  throw new MathError(`${fn} expects a time series or an array of time series`);
}

function aggregateValues(fn: string, values: number[]): number {
  switch (fn) {
    case 'SUM':
      return values.reduce((a, b) => a + b, 0);
    case 'AVG':
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
    case 'MIN':
      return values.length ? Math.min(...values) : Number.NaN;
    default:
      return values.length ? Math.max(...values) : Number.NaN;
  }
}

function fill(s: TimeSeries, how: MathValue, ctx: MathContext): TimeSeries {
  if (!s.period) throw new MathError('FILL needs a time series with a period');
  const grid = ctx.grid(s.period);
  const points = new Map<number, number>();
  if (how.kind === 'scalar') {
    for (const t of grid) points.set(t, s.points.get(t) ?? how.value);
    return { label: s.label, period: s.period, points };
  }
  if (how.kind === 'keyword' && how.value === 'REPEAT') {
    let last: number | undefined;
    for (const t of grid) {
      const v = s.points.get(t);
      if (v !== undefined) last = v;
      if (last !== undefined) points.set(t, last);
    }
    return { label: s.label, period: s.period, points };
  }
  if (how.kind === 'keyword' && how.value === 'LINEAR') {
    const known = grid.filter((t) => s.points.has(t));
    for (const t of grid) {
      const v = s.points.get(t);
      if (v !== undefined) {
        points.set(t, v);
        continue;
      }
      const before = known.filter((k) => k < t).pop();
      const after = known.find((k) => k > t);
      if (before === undefined || after === undefined) continue;
      const vb = s.points.get(before) as number;
      const va = s.points.get(after) as number;
      points.set(t, vb + ((va - vb) * (t - before)) / (after - before));
    }
    return { label: s.label, period: s.period, points };
  }
  throw new MathError('the second argument of FILL must be a number, REPEAT or LINEAR');
}

function call(name: string, args: Node[], ctx: MathContext): MathValue {
  const arg = (i: number): MathValue => {
    const node = args[i];
    if (!node) throw new MathError(`${name} expects at least ${i + 1} argument(s)`);
    return evaluate(node, ctx);
  };
  const arity = (n: number): void => {
    if (args.length !== n)
      throw new MathError(`${name} expects ${n} argument(s), got ${args.length}`);
  };
  switch (name) {
    case 'METRICS': {
      if (args.length > 1) throw new MathError('METRICS expects at most one argument');
      let filter = '';
      if (args.length === 1) {
        const f = arg(0);
        if (f.kind !== 'string') throw new MathError('METRICS expects a string argument');
        filter = f.value;
      }
      return {
        kind: 'array',
        items: ctx
          .metrics()
          .filter((m) => m.id.includes(filter))
          .map((m) => m.series),
      };
    }
    case 'FILL': {
      arity(2);
      const x = arg(0);
      const how = args[1]?.type === 'ident' ? keywordOrValue(args[1].name, ctx) : arg(1);
      if (x.kind === 'series') return { kind: 'series', series: fill(x.series, how, ctx) };
      if (x.kind === 'array')
        return { kind: 'array', items: x.items.map((s) => fill(s, how, ctx)) };
      throw new MathError('FILL expects a time series or an array of time series');
    }
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX': {
      arity(1);
      const x = arg(0);
      if (x.kind === 'series') {
        return { kind: 'scalar', value: aggregateValues(name, [...x.series.points.values()]) };
      }
      if (x.kind === 'array') {
        const byTime = new Map<number, number[]>();
        for (const s of x.items) {
          for (const [t, v] of s.points) {
            const list = byTime.get(t);
            if (list) list.push(v);
            else byTime.set(t, [v]);
          }
        }
        const points = new Map<number, number>();
        for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
          const r = aggregateValues(name, byTime.get(t) as number[]);
          if (Number.isFinite(r)) points.set(t, r);
        }
        const period = x.items.find((s) => s.period)?.period ?? 0;
        return { kind: 'series', series: { label: name, period, points } };
      }
      if (x.kind === 'scalar') return x;
      throw new MathError(`${name} expects a time series or an array of time series`);
    }
    case 'ABS': {
      arity(1);
      const x = arg(0);
      if (x.kind === 'scalar') return { kind: 'scalar', value: Math.abs(x.value) };
      return unaryOnSeries(x, name, (s) => mapSeries(s, Math.abs));
    }
    case 'DIFF':
    case 'RATE': {
      arity(1);
      return unaryOnSeries(arg(0), name, (s) => {
        const times = [...s.points.keys()].sort((a, b) => a - b);
        const points = new Map<number, number>();
        for (let i = 1; i < times.length; i++) {
          const t = times[i] as number;
          const prev = times[i - 1] as number;
          const d = (s.points.get(t) as number) - (s.points.get(prev) as number);
          const r = name === 'DIFF' ? d : d / ((t - prev) / 1000);
          if (Number.isFinite(r)) points.set(t, r);
        }
        return { label: s.label, period: s.period, points };
      });
    }
    case 'PERIOD': {
      arity(1);
      const x = arg(0);
      const s = seriesList(x, name)[0];
      if (!s?.period) throw new MathError('PERIOD expects a time series');
      return { kind: 'scalar', value: s.period };
    }
    default:
      throw new MathError(`the function ${name} is not supported`);
  }
}

function keywordOrValue(name: string, ctx: MathContext): MathValue {
  if (name === 'REPEAT' || name === 'LINEAR') return { kind: 'keyword', value: name };
  return evaluate({ type: 'ident', name }, ctx);
}

function unaryOnSeries(x: MathValue, fn: string, f: (s: TimeSeries) => TimeSeries): MathValue {
  if (x.kind === 'series') return { kind: 'series', series: f(x.series) };
  if (x.kind === 'array') return { kind: 'array', items: x.items.map(f) };
  throw new MathError(`${fn} expects a time series or an array of time series`);
}

/** Evaluates a parsed expression. */
export function evaluate(node: Node, ctx: MathContext): MathValue {
  switch (node.type) {
    case 'number':
      return { kind: 'scalar', value: node.value };
    case 'string':
      return { kind: 'string', value: node.value };
    case 'ident': {
      const v = ctx.resolve(node.name);
      if (!v) throw new MathError(`unknown identifier ${node.name}`);
      return v;
    }
    case 'unary':
      return binary('*', { kind: 'scalar', value: -1 }, evaluate(node.arg, ctx));
    case 'binary':
      return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case 'call':
      return call(node.name, node.args, ctx);
    case 'array': {
      const items = node.items.flatMap((n) => seriesList(evaluate(n, ctx), 'an array'));
      return { kind: 'array', items };
    }
  }
}

export type Expression = Node;
