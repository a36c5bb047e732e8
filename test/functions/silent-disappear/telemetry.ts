import { type MockInstance, vi } from 'vitest';

/** The console methods Powertools writes through when POWERTOOLS_DEV is set. */
const METHODS = ['log', 'debug', 'info', 'warn', 'error'] as const;

/** Silences the console and reads back what Powertools wrote to it: logs and EMF lines. */
export class Telemetry {
  private readonly spies: MockInstance[];

  constructor() {
    this.spies = METHODS.map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined)
    );
  }

  /** Every structured line written, parsed as JSON (anything else is skipped). */
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

  /** The EMF lines written (one per metrics flush). */
  emfLines(): Record<string, unknown>[] {
    return this.entries().filter((entry) => '_aws' in entry);
  }

  /** The sum of a custom metric over every EMF line, as CloudWatch would add it up. */
  metricSum(name: string): number {
    return this.emfLines().reduce((sum, line) => {
      const value = line[name];
      if (value === undefined) return sum;
      return (
        sum +
        (Array.isArray(value) ? value.reduce((a: number, b: number) => a + b, 0) : Number(value))
      );
    }, 0);
  }
}
