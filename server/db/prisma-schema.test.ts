import { describe, expect, it } from "vitest";
import { parsePrismaSchema } from "./prisma-schema.ts";

describe("parsePrismaSchema", () => {
  it("reads models and their scalar fields, leaving relations out", () => {
    const schema = `
datasource db {
  provider = "postgresql"
}

model Owner {
  id    String  @id @default(uuid())
  /// A doc comment.
  tags  String[]
  note  String? // a trailing comment
  pets  Pet[]
}

model Pet {
  id      BigInt   @id @default(autoincrement())
  ownerId String
  owner   Owner    @relation(fields: [ownerId], references: [id])
  age     Int
  born    DateTime @default(now())
  extra   Json     @default("{}")
  good    Boolean

  @@index([ownerId])
}
`;
    expect(parsePrismaSchema(schema)).toEqual([
      {
        name: "Owner",
        fields: [
          { name: "id", type: "String", optional: false, list: false },
          { name: "tags", type: "String", optional: false, list: true },
          { name: "note", type: "String", optional: true, list: false },
        ],
      },
      {
        name: "Pet",
        fields: [
          { name: "id", type: "BigInt", optional: false, list: false },
          { name: "ownerId", type: "String", optional: false, list: false },
          { name: "age", type: "Int", optional: false, list: false },
          { name: "born", type: "DateTime", optional: false, list: false },
          { name: "extra", type: "Json", optional: false, list: false },
          { name: "good", type: "Boolean", optional: false, list: false },
        ],
      },
    ]);
  });

  it("refuses types and mappings it does not understand", () => {
    expect(() => parsePrismaSchema("model A {\n  id String @id\n  price Decimal\n}\n")).toThrow("A.price has type Decimal");
    expect(() => parsePrismaSchema('model A {\n  id String @id @map("a_id")\n}\n')).toThrow("A.id uses @map");
    expect(() => parsePrismaSchema('model A {\n  id String @id\n\n  @@map("a")\n}\n')).toThrow("A uses @@map");
  });
});
