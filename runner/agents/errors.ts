/**
 * Errors the runtime raises before it changes anything, for the caller to act on (the server maps
 * the code to a status). Everything that goes wrong during a turn is recorded in the transcript
 * and the turn's outcome instead.
 */
export type AgentErrorCode = "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST";

export class AgentRuntimeError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AgentRuntimeError";
  }
}

/** The conversation does not fit the model's window even after trimming. */
export class ContextOverflowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContextOverflowError";
  }
}
