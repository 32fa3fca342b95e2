import net from "node:net";
import { describe, expect, it } from "vitest";
import { ensurePortsFree } from "./ports.ts";

describe("ensurePortsFree", () => {
  it("passes for free ports and names the variable of a taken one", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await expect(ensurePortsFree("127.0.0.1", { GATEWAY_PORT: port })).rejects.toThrow(
        `startup error: port ${port} (GATEWAY_PORT) is already in use by another process — stop it, or choose a free port, e.g. GATEWAY_PORT=${port + 1}`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    await expect(ensurePortsFree("127.0.0.1", { GATEWAY_PORT: port })).resolves.toBeUndefined();
  });
});
