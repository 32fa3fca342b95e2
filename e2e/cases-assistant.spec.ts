import { expect, casesTest as test } from "./fixtures.ts";

test("the personal assistant's server asks through elicitation in the page before it changes the calendar", async ({ page, product }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${product.web}/login?token=${product.sessionToken}`);
  await page.goto(`${product.web}/cases`);
  await expect(page.getByTestId("case-personal-assistant")).toContainText("io.switchyard/personal-assistant");
  await page.getByTestId("case-personal-assistant").getByRole("link", { name: "Personal assistant" }).click();
  await expect(page.getByRole("heading", { name: "Personal assistant", level: 1 })).toBeVisible();
  await expect(page.getByTestId("case-docs")).toContainText("elicitation/create");

  // The golden scenario: the server's question appears as a form with the proposed time; accepted.
  await page.getByLabel("scenario", { exact: true }).selectOption("move-dentist");
  await expect(page.getByLabel("model", { exact: true })).toHaveValue("");
  await page.getByRole("heading", { name: "Run a scenario" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("assistant-run-panel.png") });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const transcript = page.getByTestId("transcript");
  const question = transcript.getByTestId("elicitation");
  await expect(question).toContainText('move_event asks you Move "Dentist" from 2025-06-03T14:00 to 2025-06-05T13:00?');
  await expect(question.getByRole("checkbox")).toBeChecked();
  await expect(question.getByRole("textbox")).toHaveValue("2025-06-05T13:00");
  await expect(page.getByTestId("run-phase")).toHaveText("The server is asking you: answer its question above.");
  await question.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("assistant-elicitation.png") });
  await question.getByRole("button", { name: "Accept" }).click();
  await expect(question.getByTestId("elicitation-answer")).toContainText('You answered: accept with {"confirm":true,"start":"2025-06-05T13:00"}');
  await expect(transcript).toContainText("Done: Dentist is now on Thursday 2025-06-05T13:00–2025-06-05T14:00 (it was on 2025-06-03T14:00).");
  const calls = transcript.getByTestId("tool-call");
  await expect(calls).toHaveCount(3);
  await expect(calls.nth(0)).toContainText("list_events");
  await expect(calls.nth(1)).toContainText("find_free_slots");
  await expect(calls.nth(2)).toContainText("move_event");
  await expect(calls.nth(2)).toContainText("done");
  await expect(calls.nth(2)).toContainText('"start": "2025-06-05T13:00"');
  await expect(calls.nth(2)).toContainText('"changed": true');
  await expect(page.getByTestId("run-phase")).toHaveText("Run finished.");
  await expect(page.getByTestId("eval-status")).toContainText("8/8 checks passed");
  await page.screenshot({ path: test.info().outputPath("assistant-accepted.png"), fullPage: true });

  // Declined: the server changes nothing, and the transcript says so.
  await page.getByLabel("scenario", { exact: true }).selectOption("move-dentist-declined");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(question).toContainText('Move "Dentist"');
  await question.getByRole("button", { name: "Decline" }).click();
  await expect(question.getByTestId("elicitation-answer")).toHaveText("You answered: decline");
  await expect(transcript).toContainText('I left your calendar as it was. Nothing was changed: the user declined, so "Dentist" stays on 2025-06-03T14:00.');
  await expect(calls.nth(2)).toContainText("declined");
  await expect(calls.nth(2)).toContainText("ran, changed nothing");
  await expect(page.getByTestId("eval-status")).toContainText("4/4 checks passed");
  await page.screenshot({ path: test.info().outputPath("assistant-declined.png") });
});
