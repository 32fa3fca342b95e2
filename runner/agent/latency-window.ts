/** The last `size` latencies of a process, for p50/p99 on the fleet page; fixed memory. */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(size = 512) {
    this.samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.filled < this.samples.length) this.filled++;
  }

  /** Nearest-rank percentile (0 < p ≤ 100), or null with no samples yet. */
  percentile(p: number): number | null {
    if (this.filled === 0) return null;
    const sorted = Array.from(this.samples.subarray(0, this.filled)).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  }
}
