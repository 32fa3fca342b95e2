import { runEngineContract } from "./engine.contract.ts";
import { MemoryEngine } from "./memory-engine.ts";

runEngineContract("memory engine", async () => new MemoryEngine());
