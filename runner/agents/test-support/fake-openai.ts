import http from "node:http";
import type { AddressInfo } from "node:net";

/** One chat-completions request as the fake received it. */
export interface FakeRequest {
  authorization: string | undefined;
  body: {
    model: string;
    stream?: boolean;
    messages: Array<{ role: string; content?: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
    tools?: Array<{ type: "function"; function: { name: string; description?: string; parameters: unknown } }>;
  };
}

export type FakeReply = { text?: string; toolCalls?: Array<{ name: string; arguments: string }>; usage?: { prompt: number; completion: number } } | { status: number; body: unknown };

/**
 * A small OpenAI-compatible chat-completions server on a loopback port: answers each POST to
 * /v1/chat/completions with what `respond` returns — text, tool calls (arguments given raw, so a
 * test can send malformed ones), or an HTTP error — streamed as the API streams (SSE chunks,
 * usage last, [DONE]) when asked to stream. Requests without the expected key get a 401.
 */
export async function startFakeOpenAi(options: { key: string; respond: (request: FakeRequest, index: number) => FakeReply | Promise<FakeReply> }) {
  const requests: FakeRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
          return;
        }
        const request: FakeRequest = { authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
        const index = requests.push(request) - 1;
        if (request.authorization !== `Bearer ${options.key}`) {
          res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } }));
          return;
        }
        const reply = await options.respond(request, index);
        if ("status" in reply) {
          res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
          return;
        }
        const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({ id: `call_fake_${index}_${i}`, type: "function", function: call }));
        const finish = toolCalls.length > 0 ? "tool_calls" : "stop";
        const usage = { prompt_tokens: reply.usage?.prompt ?? 20, completion_tokens: reply.usage?.completion ?? 5, total_tokens: (reply.usage?.prompt ?? 20) + (reply.usage?.completion ?? 5) };
        const base = { id: `chatcmpl-${index}`, created: 0, model: request.body.model };
        if (!request.body.stream) {
          res.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: reply.text ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }], usage }),
          );
          return;
        }
        res.writeHead(200, { "content-type": "text/event-stream" });
        const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
        const chunk = (delta: unknown, finishReason: string | null = null) => send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finishReason }] });
        chunk({ role: "assistant", content: "" });
        for (const word of reply.text?.match(/\S+\s*/g) ?? []) chunk({ content: word });
        toolCalls.forEach((call, i) => chunk({ tool_calls: [{ index: i, ...call }] }));
        chunk({}, finish);
        send({ ...base, object: "chat.completion.chunk", choices: [], usage });
        res.end("data: [DONE]\n\n");
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
