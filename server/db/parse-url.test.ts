import { describe, expect, it } from "vitest";
import { StartupError } from "../errors.ts";
import { openDatabase, parsePostgresUrl } from "./database.ts";

describe("parsePostgresUrl", () => {
  it("takes the schema out of the URL", () => {
    expect(parsePostgresUrl("postgresql://u:p@h:5432/db?schema=abc")).toEqual({
      connectionString: "postgresql://u:p@h:5432/db",
      schema: "abc",
    });
  });

  it("keeps the other parameters", () => {
    expect(parsePostgresUrl("postgresql://u:p@h:5432/db?sslmode=require&schema=abc&application_name=sy")).toEqual({
      connectionString: "postgresql://u:p@h:5432/db?sslmode=require&application_name=sy",
      schema: "abc",
    });
  });

  it("uses the public schema when the URL names none", () => {
    expect(parsePostgresUrl("postgresql://postgres@127.0.0.1:5432/test")).toEqual({
      connectionString: "postgresql://postgres@127.0.0.1:5432/test",
      schema: "public",
    });
  });
});

describe("openDatabase with an unreachable URL", () => {
  it("says it cannot connect and why", async () => {
    const error = await openDatabase({ url: "postgresql://postgres@127.0.0.1:1/test" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    expect(message.startsWith("DATABASE_URL: cannot connect to postgresql://postgres@127.0.0.1:1/test ")).toBe(true);
    expect(message).toContain("ECONNREFUSED");
  });

  it("masks the password", async () => {
    const error = await openDatabase({ url: "postgresql://postgres:hunter2@127.0.0.1:1/test" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    expect(message.startsWith("DATABASE_URL: cannot connect to postgresql://postgres:***@127.0.0.1:1/test ")).toBe(true);
    expect(message).toContain("ECONNREFUSED");
    expect(message).not.toContain("hunter2");
  });
});
