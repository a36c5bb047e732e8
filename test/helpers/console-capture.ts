import { type MockInstance, vi } from 'vitest';

/** The console methods Powertools writes through when POWERTOOLS_DEV is set. */
const METHODS = ['log', 'debug', 'info', 'warn', 'error'] as const;

/** One of the console methods the capture spies on. */
export type ConsoleMethod = (typeof METHODS)[number];

/** A structured line Powertools wrote: a log entry, or an EMF line with its `_aws` block. */
export type ConsoleEntry = Record<string, unknown>;

/** The part of an EMF line that says which of its keys are metrics. */
interface EmfMetadata {
  Timestamp: number;
  CloudWatchMetrics: { Metrics: { Name: string }[] }[];
}

/**
 * Spies on the console (silencing it) and reads back what Powertools wrote to it: log entries
 * by message, and EMF metrics by name, summed as CloudWatch would add them up. Create one in
 * `beforeEach`; `vi.restoreAllMocks()` in `afterEach` removes the spies.
 *
 * @example
 * const output = new ConsoleCapture();
 * await handler(event, lambdaContext());
 * expect(output.metricSum(MetricName.OrdersSent)).toBe(5);
 * expect(output.logs('order not sent')).toHaveLength(0);
 */
export class ConsoleCapture {
  private readonly spies: Record<ConsoleMethod, MockInstance> = {
    log: silence('log'),
    debug: silence('debug'),
    info: silence('info'),
    warn: silence('warn'),
    error: silence('error'),
  };

  /** Every line written, as written, console method by console method. */
  raw(): string[] {
    return METHODS.flatMap((method) => this.lines(method));
  }

  /** Every line written, parsed as JSON (lines that are not JSON are skipped). */
  entries(): ConsoleEntry[] {
    return METHODS.flatMap((method) => this.parsed(method));
  }

  /** The structured log entries with this message. */
  logs(message: string): ConsoleEntry[] {
    return this.entries().filter((entry) => entry.message === message);
  }

  /** The message of every structured line written through one console method (one log level). */
  messages(method: ConsoleMethod): string[] {
    return this.parsed(method).map((entry) => (entry.message as string | undefined) ?? '');
  }

  /** The EMF lines written (one per metrics flush). */
  emfLines(): ConsoleEntry[] {
    return this.entries().filter((entry) => '_aws' in entry);
  }

  /** The values of a metric, in order, across every EMF line that declares it. */
  metricValues(name: string): number[] {
    return this.linesDeclaring(name).flatMap((line) => valuesOf(line, name));
  }

  /** The EMF timestamps (epoch ms) of the lines that declare this metric. */
  metricTimestamps(name: string): number[] {
    return this.linesDeclaring(name).map((line) => (line._aws as EmfMetadata).Timestamp);
  }

  /** The sum of a metric over every EMF line, as CloudWatch adds it up; 0 when none has it. */
  metricSum(name: string): number {
    return this.metricSums()[name] ?? 0;
  }

  /** The sum of every metric written, by name; a metric never written has no key. */
  metricSums(): Record<string, number> {
    const sums: Record<string, number> = {};
    for (const line of this.emfLines()) {
      for (const name of declaredMetrics(line)) {
        sums[name] = valuesOf(line, name).reduce((sum, value) => sum + value, sums[name] ?? 0);
      }
    }
    return sums;
  }

  /** Forgets what was written so far through the given console methods (all when none given). */
  clear(...methods: ConsoleMethod[]): void {
    for (const method of methods.length > 0 ? methods : METHODS) this.spies[method].mockClear();
  }

  private lines(method: ConsoleMethod): string[] {
    return this.spies[method].mock.calls.map((call) => String(call[0]));
  }

  private parsed(method: ConsoleMethod): ConsoleEntry[] {
    const parsed: ConsoleEntry[] = [];
    for (const line of this.lines(method)) {
      try {
        parsed.push(JSON.parse(line) as ConsoleEntry);
      } catch {
        // Not a structured line (Powertools' own warnings are plain text).
      }
    }
    return parsed;
  }

  private linesDeclaring(name: string): ConsoleEntry[] {
    return this.emfLines().filter((line) => declaredMetrics(line).includes(name));
  }
}

/** Replaces a console method with a spy that records what is written and prints nothing. */
function silence(method: ConsoleMethod): MockInstance {
  return vi.spyOn(console, method).mockImplementation(() => undefined);
}

/** The metric names an EMF line declares in its `_aws` block (its other keys are dimensions). */
function declaredMetrics(line: ConsoleEntry): string[] {
  const metadata = line._aws as Partial<EmfMetadata> | undefined;
  return (metadata?.CloudWatchMetrics ?? []).flatMap((set) => set.Metrics.map((m) => m.Name));
}

/** A metric's values in one EMF line: one number, or an array when it was added repeatedly. */
function valuesOf(line: ConsoleEntry, name: string): number[] {
  const value = line[name];
  return Array.isArray(value) ? value.map(Number) : [Number(value)];
}
