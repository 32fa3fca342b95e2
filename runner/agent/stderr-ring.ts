/** Keeps the last `capacity` lines a process wrote to stderr, for health pages and crash reports. */
export class StderrRing {
  private readonly lines: string[] = [];
  private partial = "";

  constructor(private readonly capacity = 200) {}

  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    // A process that writes one enormous line must not hold unbounded memory.
    if (this.partial.length > 8192) this.partial = this.partial.slice(-8192);
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.capacity) this.lines.shift();
    }
    return parts;
  }

  tail(count = this.capacity): string[] {
    return this.lines.slice(-count);
  }
}
