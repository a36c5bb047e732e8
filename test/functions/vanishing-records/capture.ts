import { type MockInstance, vi } from 'vitest';

/** The console methods Powertools writes through when POWERTOOLS_DEV is set. */
const METHODS = ['log', 'debug', 'info', 'warn', 'error'] as const;

/** Spies on the console (silencing it) and parses the JSON lines Powertools wrote. */
export class ConsoleCapture {
  private readonly spies: MockInstance[];

  constructor() {
    this.spies = METHODS.map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined)
    );
  }

  /** Every line written, parsed as JSON (lines that are not JSON are skipped). */
  entries(): Record<string, unknown>[] {
    const parsed: Record<string, unknown>[] = [];
    for (const spy of this.spies) {
      for (const call of spy.mock.calls) {
        try {
          parsed.push(JSON.parse(String(call[0])) as Record<string, unknown>);
        } catch {
          // Not a structured line.
        }
      }
    }
    return parsed;
  }

  /** The structured log entries with this message. */
  logs(message: string): Record<string, unknown>[] {
    return this.entries().filter((entry) => entry.message === message);
  }

  /** Every value of an EMF metric, across all EMF lines that carry it. */
  metricValues(name: string): number[] {
    return this.entries()
      .filter((entry) => '_aws' in entry && name in entry)
      .flatMap((entry) => {
        const value = entry[name];
        return Array.isArray(value) ? (value as number[]) : [value as number];
      });
  }

  /** The sum of an EMF metric, or undefined when no EMF line carries it. */
  metricSum(name: string): number | undefined {
    const values = this.metricValues(name);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
  }

  /** The `service` dimension of the EMF lines that carry this metric. */
  metricServices(name: string): unknown[] {
    return this.entries()
      .filter((entry) => '_aws' in entry && name in entry)
      .map((entry) => entry.service);
  }
}
