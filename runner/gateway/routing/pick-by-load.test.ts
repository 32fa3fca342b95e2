import { describe, expect, it } from "vitest";
import { pickByLoad } from "./pick-by-load.ts";

describe("pickByLoad (power of two choices)", () => {
  it("takes the less loaded of the two it draws", () => {
    const nodes = [{ id: "a", load: 5 }, { id: "b", load: 1 }, { id: "c", load: 9 }];
    const draws = [0, 0]; // a, then the first of the others: b
    expect(pickByLoad(nodes, (n) => n.load, () => draws.shift()!).id).toBe("b");
  });

  it("never draws the same candidate twice", () => {
    const nodes = [{ id: "a", load: 1 }, { id: "b", load: 0 }];
    expect(pickByLoad(nodes, (n) => n.load, () => 0).id).toBe("b");
  });

  it("spreads sessions so no node gets far more than its share", () => {
    const loads = [0, 0, 0, 0];
    const nodes = loads.map((_, i) => i);
    for (let i = 0; i < 4000; i++) loads[pickByLoad(nodes, (n) => loads[n]!)]!++;
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(3);
  });
});
