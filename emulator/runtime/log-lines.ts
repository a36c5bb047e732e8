/** Splits chunks of output into whole lines, keeping a partial last line for the next chunk. */
export class LineSplitter {
  private pending = '';

  /** The complete lines in `text` (with what was pending before it). */
  push(text: string): string[] {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((line) => line.length > 0);
  }

  /** What is left without a newline (the end of an invocation closes it). */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest.length > 0 ? [rest] : [];
  }
}
