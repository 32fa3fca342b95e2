import type { Page } from "@playwright/test";
import { type FakeRequest, startFakeOpenAi } from "../runner/agents/test-support/fake-openai.ts";
import { expect, benchTest as test } from "./fixtures.ts";

const KEY = "sk-playground-e2e";

/** A model at an OpenAI-compatible endpoint: it echoes the user's words through the server's echo tool, then says what came back. */
function endpointModel(request: FakeRequest) {
  const last = request.body.messages.at(-1)!;
  if (last.role === "user") return { toolCalls: [{ name: "echo", arguments: JSON.stringify({ message: String(last.content) }) }] };
  return { text: `The endpoint model heard: ${String(last.content)}` };
}

async function saveEndpoint(page: Page, endpoint: { name: string; baseUrl: string; apiKey: string }) {
  const status = await page.evaluate(async (body) => {
    const response = await fetch("/api/trpc/agents.saveEndpoint", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return response.status;
  }, endpoint);
  expect(status).toBe(200);
}

test("the playground chats with a scripted model and an endpoint model side by side, the tool calls inline", async ({ page, product }) => {
  test.setTimeout(180_000);
  const fake = await startFakeOpenAi({ key: KEY, respond: endpointModel });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${product.web}/login?token=${product.sessionToken}`);
    await saveEndpoint(page, { name: "fake-chat", baseUrl: fake.url, apiKey: KEY });
    await saveEndpoint(page, { name: "wrong-key", baseUrl: fake.url, apiKey: "sk-not-the-key" });

    // The case gallery's "open in playground": the bench, the case's deployment connected, the playground open.
    await page.goto(`${product.web}/cases`);
    await page.getByTestId("case-customer-service").getByTestId("open-in-playground").click();
    await expect(page).toHaveURL(/\/bench\?deployment=customer-service&view=playground$/);
    let panel = page.getByRole("tabpanel", { name: /customer-service/ });
    await panel.getByRole("button", { name: "Create a bench key" }).click();
    await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
    await expect(panel.getByRole("tab", { name: "Playground" })).toHaveAttribute("aria-selected", "true");
    await expect(panel.getByTestId("playground")).toContainText(/\d+ tools offered to the model/);

    // The demo everything deployment, on its playground.
    await page.goto(`${product.web}/bench?deployment=everything&view=playground`);
    // The bench may also bring back the tabs open before the reload: pick this one.
    await page.getByRole("tab", { name: /everything/ }).click();
    panel = page.getByRole("tabpanel", { name: /everything/ });
    await expect(panel.getByTestId("session-status")).toHaveText("Connected", { timeout: 30_000 });
    const playground = panel.getByTestId("playground");
    await expect(playground).toContainText(/\d+ tools offered to the model/);
    await expect(playground).toContainText("The scripted model works offline");
    await playground.getByLabel("Message").fill("echo hello from the playground");
    await playground.getByRole("button", { name: "Send" }).click();

    const turn = playground.getByTestId("playground-turn").first();
    const call = turn.getByTestId("playground-tool-call");
    await expect(call).toHaveAttribute("data-tool", "echo");
    await expect(call).toContainText('{"message":"hello from the playground"}');
    await expect(call.getByTestId("tool-call-result")).toContainText("Echo: hello from the playground");
    await expect(call).toContainText(/\d+(\.\d)? ms/);
    await expect(turn.getByTestId("playground-answer").last()).toHaveText("echo answered: Echo: hello from the playground");
    await expect(turn.getByTestId("turn-tokens")).toHaveText(/^[1-9]\d* in \/ [1-9]\d* out tokens$/);
    await expect(turn.getByTestId("turn-latency")).toHaveText(/\d+(\.\d)? (ms|s)/);
    // The model's tool call went through this tab's session: the timeline has it.
    await expect(panel.locator('.timeline .message-row[data-kind="response"][data-method="tools/call"]')).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath("playground-single.png") });

    // Side by side: the scripted model and the endpoint model answer one prompt each on their own.
    await playground.getByLabel("Side by side").check();
    await playground.getByLabel("Model B", { exact: true }).selectOption("endpoint:fake-chat");
    await playground.getByLabel("Model B: model id").fill("tiny-chat");
    await playground.getByLabel("Message").fill("echo side by side");
    await playground.getByRole("button", { name: "Send" }).click();
    const [left, right] = [playground.getByTestId("playground-column").nth(0), playground.getByTestId("playground-column").nth(1)];
    await expect(left.getByTestId("playground-turn").last().getByTestId("playground-answer").last()).toHaveText("echo answered: Echo: side by side");
    const rightTurn = right.getByTestId("playground-turn").last();
    await expect(rightTurn.getByTestId("playground-answer")).toHaveText("The endpoint model heard: Echo: echo side by side");
    // A column turned on later answers what is sent from then on, not the earlier prompt.
    await expect(right.getByTestId("playground-turn")).toHaveCount(1);
    await expect(rightTurn.getByTestId("tool-call-result")).toContainText("Echo: echo side by side");
    // The fake endpoint reports 20 + 5 tokens per call: two calls.
    await expect(rightTurn.getByTestId("turn-tokens")).toHaveText("40 in / 10 out tokens");
    await expect(rightTurn).toContainText("tiny-chat at fake-chat");
    expect(fake.requests.at(-1)!.body.tools?.some((t) => t.function.name === "echo")).toBe(true);
    await page.screenshot({ path: test.info().outputPath("playground-side-by-side.png") });

    // An endpoint that refuses its key: said in place, in the column that uses it.
    await playground.getByLabel("Model B", { exact: true }).selectOption("endpoint:wrong-key");
    await playground.getByLabel("Model B: model id").fill("tiny-chat");
    await playground.getByLabel("Message").fill("echo again");
    await playground.getByRole("button", { name: "Send" }).click();
    await expect(right.getByTestId("playground-turn").last().getByTestId("playground-error")).toContainText("refused the API key (HTTP 401)");
    await expect(left.getByTestId("playground-turn").last().getByTestId("playground-answer").last()).toHaveText("echo answered: Echo: again");
  } finally {
    await fake.close();
  }
});
