import { describe, expect, it } from "vitest";
import { markSeen, noteUpdate, subscriptionFor } from "./resource-updates.ts";

describe("resource update marks", () => {
  const subscribed = new Set(["demo://resource/static/1", "file:///logs"]);

  it("attributes an update to its subscription, itself or the one it lies under", () => {
    expect(subscriptionFor("demo://resource/static/1", subscribed)).toBe("demo://resource/static/1");
    expect(subscriptionFor("file:///logs/today.txt", subscribed)).toBe("file:///logs");
    expect(subscriptionFor("file:///logsbook", subscribed)).toBeUndefined();
  });

  it("counts updates, keeps the last time, and marks them unseen until read", () => {
    let marks = noteUpdate(new Map(), subscribed, "demo://resource/static/1", 1000);
    marks = noteUpdate(marks, subscribed, "demo://resource/static/1", 2000);
    expect(marks.get("demo://resource/static/1")).toEqual({ at: 2000, count: 2, unseen: true });
    marks = markSeen(marks, "demo://resource/static/1");
    expect(marks.get("demo://resource/static/1")).toEqual({ at: 2000, count: 2, unseen: false });
  });

  it("ignores updates for resources not subscribed", () => {
    const marks = new Map();
    expect(noteUpdate(marks, subscribed, "demo://other", 1)).toBe(marks);
  });
});
