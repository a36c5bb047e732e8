import { type MockInstance, vi } from 'vitest';

/** The console methods Powertools writes through when POWERTOOLS_DEV is set. */
const METHODS = ['log', 'debug', 'info', 'warn', 'error'] as const;

/** Spies on the console, silencing it, and parses what Powertools wrote. */
export class ConsoleCapture {
  private readonly spies: MockInstance[];

  constructor() {
    this.spies = METHODS.map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined)
    );
  }

  /** Every line written, as written. */
  raw(): string[] {
    return this.spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
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

  /** The values of an EMF metric, one per EMF line that carries it. */
  metricValues(name: string): number[] {
    return this.entries()
      .filter((entry) => '_aws' in entry && name in entry)
      .flatMap((entry) => {
        const value = entry[name];
        return Array.isArray(value) ? (value as number[]) : [value as number];
      });
  }

  /** The EMF timestamps (epoch ms) of the lines that carry this metric. */
  metricTimestamps(name: string): number[] {
    return this.entries()
      .filter((entry) => '_aws' in entry && name in entry)
      .map((entry) => (entry._aws as { Timestamp: number }).Timestamp);
  }
}
