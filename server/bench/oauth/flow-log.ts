/** The steps of one OAuth flow as the step view shows them; a small store React reads with useSyncExternalStore. */

export type StepId = "resource-metadata" | "server-metadata" | "registration" | "authorization" | "token" | "connect" | "refresh";
export type StepStatus = "running" | "ok" | "failed" | "skipped";

/** One HTTP exchange of a step, already redacted. */
export interface StepHttp {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseBody?: string;
  /** Why no reply came (the proxy refused the address, DNS, TCP…). */
  failure?: string;
}

export interface FlowStep {
  seq: number;
  id: StepId;
  title: string;
  status: StepStatus;
  /** What happened, in words. */
  summary: string;
  /** For a failed step: what to try. */
  hint?: string;
  http: StepHttp[];
  ms?: number;
}

export interface StepHandle {
  http(exchange: StepHttp): void;
  ok(summary: string): void;
  skip(summary: string): void;
  fail(summary: string, hint: string): void;
}

export class FlowLog {
  private steps: FlowStep[] = [];
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  begin(id: StepId, title: string, summary = "…"): StepHandle {
    const seq = ++this.seq;
    const started = this.now();
    this.update({ seq, id, title, status: "running", summary, http: [] });
    const finish = (status: StepStatus, text: string, hint?: string) => this.change(seq, (s) => ({ ...s, status, summary: text, ...(hint ? { hint } : {}), ms: this.now() - started }));
    return {
      http: (exchange) => this.change(seq, (s) => ({ ...s, http: [...s.http, exchange] })),
      ok: (text) => finish("ok", text),
      skip: (text) => finish("skipped", text),
      fail: (text, hint) => finish("failed", text, hint),
    };
  }

  /** Starts a new flow: the steps of the previous one are dropped. */
  reset(): void {
    this.steps = [];
    this.emit();
  }

  snapshot = (): readonly FlowStep[] => this.steps;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private change(seq: number, edit: (step: FlowStep) => FlowStep): void {
    const step = this.steps.find((s) => s.seq === seq);
    if (step) this.update(edit(step));
  }

  private update(step: FlowStep): void {
    const at = this.steps.findIndex((s) => s.seq === step.seq);
    this.steps = at < 0 ? [...this.steps, step] : this.steps.map((s, i) => (i === at ? step : s));
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
