import { createRequire } from 'node:module';
import type { Model, ModelStatic, Sequelize } from 'sequelize';
import { generatorOf, onPool, selectListOf } from './read.js';

// A create that is one INSERT, sent as one statement. Through Sequelize it is a transaction of its
// own (BEGIN, a check per reference, INSERT, COMMIT: four round trips with a row built, validated and
// formatted on the way), and under a firm's steady writes those round trips are most of its latency.
// Here the reference checks are conditions of the same statement, which PostgreSQL commits alone.

const require = createRequire(import.meta.url);
const PostgresQuery = require('sequelize/lib/dialects/postgres/query') as new (
  connection: unknown,
  sequelize: Sequelize,
  options: object,
) => { formatError(error: Error, stack?: string): Error };

/**
 * Inserts one row of `model` with these attribute values (escaped as Sequelize escapes them for
 * their attributes; attributes left out take the table's defaults), only when every SQL condition
 * holds. Answers the row as `findPlain` reads it, or null when a condition failed and nothing was
 * written. A database error is thrown as Sequelize throws it (a foreign key, a unique index, a value
 * the column cannot hold), so the api answers it as any other write's.
 */
export async function insertWhere<T extends object = Record<string, unknown>>(
  model: ModelStatic<Model>,
  values: Record<string, unknown>,
  conditions: string[],
): Promise<T | null> {
  const sequelize = model.sequelize!;
  const generator = generatorOf(model);
  const attributes = model.getAttributes() as Record<string, { field?: string }>;
  const names = Object.keys(values).filter((name) => values[name] !== undefined);
  for (const name of names) if (!attributes[name]) throw new Error(`${model.name} has no attribute ${name}`);
  const text =
    `INSERT INTO ${generator.quoteTable(model.getTableName())} AS ${generator.quoteIdentifier(model.name)} ` +
    `(${names.map((name) => generator.quoteIdentifier(attributes[name]!.field ?? name)).join(', ')}) ` +
    `SELECT ${names.map((name) => generator.escape(values[name], attributes[name])).join(', ')}` +
    (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
    ` RETURNING ${(selectListOf(model, generator) as { val: string }).val}`;
  const stack = new Error().stack;
  const rows = await onPool(sequelize, text, 'INSERT', (error) =>
    new PostgresQuery(null, sequelize, { model, logging: false }).formatError(Object.assign(error, { sql: text }), stack),
  );
  return (rows[0] as T | undefined) ?? null;
}
