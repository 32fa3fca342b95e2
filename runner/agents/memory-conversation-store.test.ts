import { runConversationStoreContract } from "./conversation-store.contract.ts";
import { MemoryConversationStore } from "./memory-conversation-store.ts";

runConversationStoreContract("MemoryConversationStore", async () => ({
  store: new MemoryConversationStore(),
  newConversation: async () => ({ tenantId: "t1", agentId: "support", agentVersion: "1.0.0", title: "test" }),
  cleanup: async () => {},
}));
