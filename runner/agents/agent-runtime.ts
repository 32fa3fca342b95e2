import type { JSONValue, ToolResultPart } from "ai";
import { TurnBudget } from "./budget.ts";
import { resultView } from "./tool-result-view.ts";
import type { ConversationRecord, ConversationStore, StopReason, ToolCallRecord, TurnRecord, TurnStatus, Usage } from "./conversation-store.ts";
import type { AgentDefinition, AgentRole, ModelSpec } from "./definition.ts";
import { AgentRuntimeError, ContextOverflowError } from "./errors.ts";
import type { PendingConfirmation, TurnEvent, TurnInput, TurnOutcome } from "./events.ts";
import { approvalMessage, checkAnswers } from "./confirmations.ts";
import { ElicitationGate } from "./elicitation-gate.ts";
import { type ElicitationAnswer, type ElicitationInbox, PubSubElicitationInbox, localPubSub } from "./elicitations.ts";
import { closeDanglingCalls } from "./history.ts";
import { describeModelError } from "./model-errors.ts";
import type { LanguageModelV3 } from "./model-types.ts";
import { plannerSystem, reviewPrompt, reviewerSystem, executorSystem, reviewVerdict } from "./prompts.ts";
import { runRoleCall } from "./role-call.ts";
import { runToolLoop } from "./tool-loop.ts";
import type { ToolConnector, ToolSession } from "./tools.ts";
import { TurnRecorder } from "./turn-recorder.ts";

/** Turns a model spec into a model: scripts from a registry, endpoints with the tenant's sealed key. */
export type ModelResolver = (spec: ModelSpec, context: { role: AgentRole; tenantId: string }) => Promise<LanguageModelV3>;

/** The tools of an agent's tenant: the gateway with a key of that tenant, in the product. */
export type ToolsResolver = (context: { tenantId: string; definition: AgentDefinition }) => Promise<ToolConnector>;

export interface AgentRuntimeOptions {
  store: ConversationStore;
  models: ModelResolver;
  tools: ToolsResolver;
  now?: () => Date;
  /** How long past its time budget a run may hold a conversation before another may take it over. */
  leaseGraceMs?: number;
  /**
   * Where the answers to servers' elicitations arrive (default: this process only), and how long
   * a run waits for one before declining for the user (default 2 minutes, and never past the
   * turn's time budget).
   */
  elicitations?: { inbox?: ElicitationInbox; timeoutMs?: number };
}

const ELICITATION_TIMEOUT_MS = 120_000;

export interface RunTurnRequest {
  conversationId: string;
  /** The version the conversation was started with. */
  definition: AgentDefinition;
  input: TurnInput;
  /** The caller went away: the turn stops with stop reason "cancelled". */
  signal?: AbortSignal;
  /** Every step, tool call and result as it happens (see events.ts). */
  onEvent?: (event: TurnEvent) => void;
}

const INTERRUPTED = "the process running this turn stopped before it finished; this call may or may not have run";

/**
 * The agent runtime: runs one turn of a conversation — a user message, or the user's answers to
 * the confirmations a turn paused on — with the agent's roles (planner → executor tool loop →
 * reviewer), its tools through the gateway, its budgets and the context policy, and records every
 * step in the store as it happens. Holds no state between turns: any runtime on the same store
 * continues any conversation, a fresh one after a restart included.
 */
export class AgentRuntime {
  private readonly now: () => Date;
  private readonly inbox: ElicitationInbox;

  constructor(private readonly options: AgentRuntimeOptions) {
    this.now = options.now ?? (() => new Date());
    this.inbox = options.elicitations?.inbox ?? new PubSubElicitationInbox(localPubSub());
  }

  /** Answers a server's question that a running turn is waiting for (see the elicitation-required event). */
  answerElicitation(id: string, answer: ElicitationAnswer): Promise<void> {
    return this.inbox.deliver(id, answer);
  }

  async runTurn(request: RunTurnRequest): Promise<TurnOutcome> {
    const { store } = this.options;
    const { definition, input } = request;
    const conversation = await store.get(request.conversationId);
    if (!conversation) throw new AgentRuntimeError("NOT_FOUND", `no conversation ${request.conversationId}`);
    if (conversation.agentId !== definition.id || conversation.agentVersion !== definition.version) {
      throw new AgentRuntimeError("BAD_REQUEST", `conversation ${conversation.id} belongs to ${conversation.agentId} ${conversation.agentVersion}, not ${definition.id} ${definition.version}`);
    }
    const now = this.now();
    const takingOver = conversation.status === "running";
    if (takingOver && conversation.leaseUntil && conversation.leaseUntil > now) {
      throw new AgentRuntimeError("CONFLICT", `conversation ${conversation.id} is running a turn; wait for it to end`);
    }
    const calls = await store.toolCalls(conversation.id);
    const pending = calls.filter((call) => call.turn === conversation.turns && call.status === "awaiting_confirmation");
    const isMessage = "message" in input;
    if (isMessage) {
      if (input.message.trim() === "") throw new AgentRuntimeError("BAD_REQUEST", "message: expected some text");
      if (conversation.status === "awaiting_confirmation") {
        throw new AgentRuntimeError("CONFLICT", `the agent is waiting for your answer to ${pending.map((call) => `${call.confirmation?.id} (${call.name})`).join(", ")}: answer with accept, decline or cancel first`);
      }
    } else {
      if (conversation.status !== "awaiting_confirmation") throw new AgentRuntimeError("CONFLICT", `conversation ${conversation.id} is not waiting for a confirmation`);
      checkAnswers(input.confirmations, pending);
    }

    const index = isMessage ? conversation.turns + 1 : conversation.turns;
    const leaseUntil = new Date(now.getTime() + definition.budgets.maxSeconds * 1000 + (this.options.leaseGraceMs ?? 30_000));
    const claimed = await store.claim(conversation.id, conversation, { status: "running", leaseUntil, turns: index });
    if (!claimed) throw new AgentRuntimeError("CONFLICT", `conversation ${conversation.id} changed while this turn was starting (another turn started); try again`);

    let turn: TurnRecord;
    try {
      if (takingOver) await this.recordInterrupted(conversation, calls);
      turn = await this.openTurn(conversation.id, index, input, now);
    } catch (error) {
      // Nothing ran: give the conversation back as it was, rather than hold it until the lease ends.
      await store.release(conversation.id, { status: conversation.status === "awaiting_confirmation" ? "awaiting_confirmation" : "idle", usage: { inputTokens: 0, outputTokens: 0 } }).catch(() => {});
      throw error;
    }

    const recorder = new TurnRecorder(store, conversation.id, index, request.onEvent, calls.filter((call) => call.turn === index));
    if (!isMessage) {
      for (const answer of input.confirmations) {
        const call = pending.find((p) => p.confirmation?.id === answer.id)!;
        recorder.updateCall(call.id, {
          status: answer.action === "accept" ? "running" : "declined",
          confirmation: { id: answer.id, action: answer.action, ...(answer.reason ? { reason: answer.reason } : {}) },
        });
      }
    }
    recorder.emit({ type: "turn-start", conversationId: conversation.id, turn: index, input: isMessage ? input.message : input.confirmations });
    return this.run({ conversation, definition, turn, recorder, request, isMessage });
  }

  private async run(context: {
    conversation: ConversationRecord;
    definition: AgentDefinition;
    turn: TurnRecord;
    recorder: TurnRecorder;
    request: RunTurnRequest;
    isMessage: boolean;
  }): Promise<TurnOutcome> {
    const { conversation, definition, turn, recorder, request, isMessage } = context;
    const { store } = this.options;
    const budget = new TurnBudget(definition.budgets, { steps: turn.steps, usage: turn.usage });
    const usageBefore = { ...budget.usage };
    const deadline = AbortSignal.timeout(definition.budgets.maxSeconds * 1000);
    const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
    const stopFor = (aborted: boolean): Ending => (deadline.aborted ? stopped("time_budget", budget.describe("time_budget")) : aborted || signal.aborted ? stopped("cancelled", "the caller stopped the turn") : failed("model_error", "the model stopped"));
    let session: ToolSession | undefined;
    let ending: Ending;
    try {
      ending = await (async (): Promise<Ending> => {
        const tenantId = conversation.tenantId;
        let models: { executor: LanguageModelV3; planner?: LanguageModelV3; reviewer?: LanguageModelV3 };
        try {
          models = {
            executor: await this.options.models(definition.model, { role: "executor", tenantId }),
            ...(definition.roles?.planner ? { planner: await this.options.models(definition.roles.planner.model, { role: "planner", tenantId }) } : {}),
            ...(definition.roles?.reviewer ? { reviewer: await this.options.models(definition.roles.reviewer.model, { role: "reviewer", tenantId }) } : {}),
          };
        } catch (error) {
          return failed("model_error", describeModelError(error));
        }
        try {
          const connector = await this.options.tools({ tenantId, definition });
          const gate = new ElicitationGate(recorder, this.inbox, this.options.elicitations?.timeoutMs ?? ELICITATION_TIMEOUT_MS, signal, Date.now() + definition.budgets.maxSeconds * 1000);
          session = await connector.open(definition.deployments, {
            signal,
            ...(definition.confirmedByServer ? { confirmedByServer: definition.confirmedByServer } : {}),
            onElicitation: (ask) => gate.ask(ask),
          });
        } catch (error) {
          return failed("tool_unavailable", (error as Error).message);
        }
        const history = await store.messages(conversation.id);

        let plan: string | undefined;
        if (definition.roles?.planner && models.planner) {
          if (isMessage) {
            const exhausted = budget.exhausted();
            if (exhausted) return stopped(exhausted, budget.describe(exhausted));
            const planned = await runRoleCall({
              role: "planner",
              model: models.planner,
              spec: definition.roles.planner.model,
              system: plannerSystem(definition.roles.planner.instructions, session),
              messages: history,
              budget,
              signal,
              recorder,
            });
            if (planned.aborted || signal.aborted) return stopFor(planned.aborted);
            if (planned.error) return errorEnding(planned.error);
            plan = planned.text;
          } else {
            plan = (await store.steps(conversation.id)).filter((step) => step.turn === turn.index && step.role === "planner").at(-1)?.text;
          }
        }

        const exhausted = budget.exhausted();
        if (exhausted) return stopped(exhausted, budget.describe(exhausted));
        const loop = await runToolLoop({
          model: models.executor,
          spec: definition.model,
          system: executorSystem(definition.instructions, plan),
          history,
          session,
          budget,
          signal,
          recorder,
          agentName: definition.name ?? definition.id,
        });
        if (loop.aborted || signal.aborted) return stopFor(loop.aborted);
        if (loop.error) return errorEnding(loop.error);
        if (loop.pending.length > 0) return { status: "awaiting_confirmation", stopReason: "awaiting_confirmation", answer: null, error: null, confirmations: loop.pending };
        if (loop.answer === null) {
          const reason = budget.exhausted() ?? "step_budget";
          return stopped(reason, budget.describe(reason));
        }

        let answer = loop.answer;
        if (definition.roles?.reviewer && models.reviewer && budget.exhausted() === undefined) {
          const review = await runRoleCall({
            role: "reviewer",
            model: models.reviewer,
            spec: definition.roles.reviewer.model,
            system: reviewerSystem(definition.roles.reviewer.instructions),
            messages: [{ role: "user", content: reviewPrompt(turn.input, [...recorder.calls.values()], answer) }],
            budget,
            signal,
            recorder,
          });
          if (review.aborted || signal.aborted) return stopFor(review.aborted);
          if (review.error) return errorEnding(review.error);
          const revised = reviewVerdict(review.text);
          if (revised !== undefined) {
            answer = revised;
            recorder.appendMessages([{ role: "assistant", content: revised }]);
          }
        }
        return { status: "completed", stopReason: "completed", answer, error: null, confirmations: [] };
      })();
    } catch (error) {
      ending = failed("model_error", describeModelError(error));
    } finally {
      await session?.close().catch(() => {});
    }

    // Calls still running here were cut off (time budget, cancel, error): say so.
    for (const call of recorder.calls.values()) {
      if (call.status === "running") recorder.updateCall(call.id, { status: "error", error: `stopped before it finished: ${ending.stopReason}` });
    }
    const finishedAt = ending.status === "awaiting_confirmation" ? null : this.now();
    recorder.write(() =>
      store.updateTurn(conversation.id, turn.index, {
        status: ending.status,
        stopReason: ending.stopReason,
        answer: ending.answer,
        error: ending.error,
        steps: budget.steps,
        usage: budget.usage,
        finishedAt,
      }),
    );
    if (ending.status !== "awaiting_confirmation" && ending.status !== "completed") {
      // A run that ended early may leave calls unanswered in the history (an approved call that
      // ran before the model failed, one the time budget cut off): answer them with what happened.
      recorder.write(async () => {
        const closing = closeDanglingCalls(await store.messages(conversation.id), (id) => outputFor(recorder.calls.get(id), ending.stopReason));
        if (closing) await store.appendMessages(conversation.id, turn.index, [closing]);
      });
    }
    const spent: Usage = { inputTokens: budget.usage.inputTokens - usageBefore.inputTokens, outputTokens: budget.usage.outputTokens - usageBefore.outputTokens };
    try {
      await recorder.flush();
    } finally {
      await store.release(conversation.id, { status: ending.status === "awaiting_confirmation" ? "awaiting_confirmation" : "idle", usage: spent });
    }
    const outcome: TurnOutcome = {
      conversationId: conversation.id,
      turn: turn.index,
      status: ending.status,
      stopReason: ending.stopReason,
      answer: ending.answer,
      error: ending.error,
      confirmations: ending.confirmations,
      steps: budget.steps,
      usage: budget.usage,
    };
    if (ending.confirmations.length > 0) recorder.emit({ type: "confirmation-required", confirmations: ending.confirmations });
    recorder.emit({ type: "turn-finish", outcome });
    return outcome;
  }

  /** A new turn with the user's message, or the paused turn with the user's answers appended. */
  private async openTurn(conversationId: string, index: number, input: TurnInput, now: Date): Promise<TurnRecord> {
    const { store } = this.options;
    if ("message" in input) {
      await store.startTurn(conversationId, { index, input: input.message, startedAt: now });
      await store.appendMessages(conversationId, index, [{ role: "user", content: input.message }]);
      return { index, input: input.message, status: "running", stopReason: null, answer: null, error: null, steps: 0, usage: { inputTokens: 0, outputTokens: 0 }, startedAt: now, finishedAt: null };
    }
    const turn = (await store.turns(conversationId)).find((t) => t.index === index);
    if (!turn) throw new AgentRuntimeError("CONFLICT", `conversation ${conversationId} has no turn ${index} to continue`);
    await store.appendMessages(conversationId, index, [approvalMessage(input.confirmations)]);
    await store.updateTurn(conversationId, index, { status: "running", stopReason: null });
    return turn;
  }

  /** A run died holding the conversation: its turn becomes interrupted and the history consistent again. */
  private async recordInterrupted(conversation: ConversationRecord, calls: ToolCallRecord[]): Promise<void> {
    const { store } = this.options;
    if (conversation.turns > 0) {
      await store.updateTurn(conversation.id, conversation.turns, { status: "interrupted", stopReason: "interrupted", error: INTERRUPTED, finishedAt: this.now() });
    }
    for (const call of calls) {
      if (call.turn === conversation.turns && (call.status === "running" || call.status === "awaiting_confirmation")) {
        await store.saveToolCall(conversation.id, { ...call, status: "error", error: INTERRUPTED });
      }
    }
    const closing = closeDanglingCalls(await store.messages(conversation.id), () => ({ type: "error-text", value: INTERRUPTED }));
    if (closing) await store.appendMessages(conversation.id, conversation.turns, [closing]);
  }
}

/** What the model is told about a call the run could not finish telling it about. */
function outputFor(call: ToolCallRecord | undefined, reason: StopReason): ToolResultPart["output"] {
  if (call?.status === "done") return { type: "json", value: (resultView(call.result) ?? null) as JSONValue };
  if (call?.status === "declined") return { type: "execution-denied", reason: call.confirmation?.reason ?? "the user declined" };
  if (call?.status === "error") return { type: "error-text", value: call.error ?? "the call failed" };
  return { type: "error-text", value: `the turn stopped (${reason}) before this call finished; it may or may not have run` };
}

interface Ending {
  status: TurnStatus;
  stopReason: StopReason;
  answer: string | null;
  error: string | null;
  confirmations: PendingConfirmation[];
}

function stopped(stopReason: StopReason, error: string): Ending {
  return { status: "stopped", stopReason, answer: null, error, confirmations: [] };
}

function failed(stopReason: StopReason, error: string): Ending {
  return { status: "failed", stopReason, answer: null, error, confirmations: [] };
}

function errorEnding(error: unknown): Ending {
  if (error instanceof ContextOverflowError) return stopped("context_overflow", error.message);
  return failed("model_error", describeModelError(error));
}
