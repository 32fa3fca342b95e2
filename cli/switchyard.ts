import { StartupError } from "../server/errors.ts";

const USAGE = [
  "usage: switchyard COMMAND",
  "",
  "commands:",
  "  start   run the web app, the gateway and a local node agent (npm start)",
  "  agent   run one more node agent on its own; it registers in Redis (needs REDIS_URL and SWITCHYARD_AGENT_TOKEN)",
  "  gateway run one more gateway on its own, routing to the agents in Redis (needs DATABASE_URL, REDIS_URL and SWITCHYARD_AGENT_TOKEN)",
  "  build   build the web app now instead of at the next start",
  "  publish publish ./server.json to the registry (see switchyard publish --help)",
  "  check   run a collection against an MCP server, or an eval suite against an agent or recorded transcripts, with a report and JUnit XML (see switchyard check --help)",
  "",
].join("\n");

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case "start": {
      const { start } = await import("./start.ts");
      return start();
    }
    case "agent": {
      const { agent } = await import("./agent.ts");
      return agent();
    }
    case "gateway": {
      const { gateway } = await import("./gateway.ts");
      return gateway();
    }
    case "publish": {
      const { publish } = await import("./publish.ts");
      return publish(process.argv.slice(3));
    }
    case "check": {
      const { check } = await import("./check.ts");
      return check(process.argv.slice(3));
    }
    case "build": {
      const { ensureWebBuild } = await import("../server/start/web-build.ts");
      const { PROJECT_ROOT } = await import("../server/runtime.ts");
      const result = await ensureWebBuild(PROJECT_ROOT, (line) => console.log(line));
      console.log(result === "fresh" ? "the web app is already built" : "built the web app");
      return;
    }
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`switchyard: unknown command "${command}"\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  // Start-up errors are for the person at the terminal: one line, no stack trace.
  if (error instanceof StartupError) process.stderr.write(`switchyard: ${error.message}\n`);
  else process.stderr.write(`switchyard: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
