/**
 * A deliberately small reader for prisma/schema.prisma: models and their scalar fields, enough to
 * check the tables built by prisma/migrations against the schema the Prisma client is generated
 * from. It refuses what it does not understand (enums, other scalar types, @map) rather than
 * skipping it, so a check built on it cannot pass by overlooking a field.
 */

export const PRISMA_SCALAR_TYPES = ["String", "Int", "BigInt", "DateTime", "Json", "Boolean"] as const;

export type PrismaScalarType = (typeof PRISMA_SCALAR_TYPES)[number];

export interface PrismaScalarField {
  name: string;
  type: PrismaScalarType;
  optional: boolean;
  list: boolean;
}

export interface PrismaModel {
  name: string;
  /** Scalar fields in declaration order; relation fields (typed with another model) are left out. */
  fields: PrismaScalarField[];
}

const MODEL_BLOCK = /^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
const FIELD_LINE = /^(\w+)\s+(\w+)(\[\])?(\?)?(?:\s|$)/;

export function parsePrismaSchema(source: string): PrismaModel[] {
  const blocks = [...source.matchAll(MODEL_BLOCK)].map((match) => ({ name: match[1] ?? "", body: match[2] ?? "" }));
  const modelNames = new Set(blocks.map((block) => block.name));
  return blocks.map((block) => ({ name: block.name, fields: parseFields(block.name, block.body, modelNames) }));
}

function parseFields(model: string, body: string, modelNames: Set<string>): PrismaScalarField[] {
  const fields: PrismaScalarField[] = [];
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("@@")) {
      if (line.startsWith("@@map(")) throw new Error(`prisma schema: ${model} uses @@map, which this reader does not support`);
      continue;
    }
    const match = FIELD_LINE.exec(line);
    const [, name, type, list, optional] = match ?? [];
    if (name === undefined || type === undefined) throw new Error(`prisma schema: cannot read "${line}" in model ${model}`);
    if (/@map\(/.test(line)) throw new Error(`prisma schema: ${model}.${name} uses @map, which this reader does not support`);
    if (modelNames.has(type)) continue;
    if (!isScalarType(type)) throw new Error(`prisma schema: ${model}.${name} has type ${type}, which this reader does not support`);
    fields.push({ name, type, optional: optional !== undefined, list: list !== undefined });
  }
  return fields;
}

function isScalarType(type: string): type is PrismaScalarType {
  return (PRISMA_SCALAR_TYPES as readonly string[]).includes(type);
}
