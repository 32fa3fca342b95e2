/** Resource limits for one stdio server process (and everything it starts). */
export interface Limits {
  /** Resident memory (cgroup); address space plus V8 headroom when only prlimit is available. */
  memoryBytes?: number;
  /** CPU time per process over its whole life (RLIMIT_CPU), not a rate. */
  cpuSeconds?: number;
  openFiles?: number;
  /** Processes and threads: cgroup pids.max, and RLIMIT_NPROC. */
  processes?: number;
  /** CPU rate cap in cores (cgroup cpu quota); unset means the group only shares fairly. */
  cpuCores?: number;
}

export const DEFAULT_LIMITS: Readonly<Required<Omit<Limits, "cpuCores">>> = Object.freeze({
  memoryBytes: 512 * 1024 * 1024,
  cpuSeconds: 3600,
  openFiles: 1024,
  processes: 64,
});

export function withDefaultLimits(limits: Limits = {}): Limits {
  return { ...DEFAULT_LIMITS, ...limits };
}
