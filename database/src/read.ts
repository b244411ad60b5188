import { createRequire } from 'node:module';
import { DatabaseError, QueryTypes, type Model, type ModelStatic, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';

// Reads on the hot paths of the back office (lists, threads), sent straight to a pooled connection.
// `sequelize.query` and `findAll` add, per query, an id, a log line built from the whole SQL, hooks,
// a deep copy of the options and a model instance per row: on a page of 25 rows that is most of
// what the api spends beyond PostgreSQL. Rows come back as plain objects, parsed by the same type
// parsers (Sequelize installs them on every connection), so they hold exactly what a raw
// `sequelize.query` returns; errors are Sequelize's DatabaseError, as the api maps them.

const require = createRequire(import.meta.url);
const { injectReplacements } = require('sequelize/lib/utils/sql') as {
  injectReplacements(sql: string, dialect: unknown, replacements: Record<string, unknown>): string;
};

interface PooledConnection {
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}
interface ConnectionManager {
  getConnection(options: { type: 'SELECT' | 'INSERT' }): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): void;
}

/**
 * The rows of one read-only statement; `:name` replacements are escaped into the text exactly as
 * `sequelize.query({ replacements })` does. Inside a transaction it is read on the transaction's
 * connection, through Sequelize.
 */
export async function selectRows<T extends object = Record<string, unknown>>(
  sequelize: Sequelize,
  sql: string,
  replacements?: Record<string, unknown>,
  transaction?: Transaction,
): Promise<T[]> {
  if (transaction) return sequelize.query<T>(sql, { replacements: replacements ?? {}, type: QueryTypes.SELECT, transaction }) as Promise<T[]>;
  const text = replacements ? injectReplacements(sql, (sequelize as unknown as { dialect: unknown }).dialect, replacements) : sql;
  return (await onPool(sequelize, text, 'SELECT', (error) => new DatabaseError(Object.assign(error, { sql: text }) as never))) as T[];
}

/**
 * One statement on a connection of the pool, outside any transaction (PostgreSQL commits it on its
 * own); a failure is thrown as `fail` makes it. A write goes to the pool writes go to.
 */
export async function onPool(sequelize: Sequelize, text: string, type: 'SELECT' | 'INSERT', fail: (error: Error) => Error): Promise<Record<string, unknown>[]> {
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;
  const connection = await manager.getConnection({ type });
  try {
    return (await connection.query(text)).rows;
  } catch (error) {
    throw fail(error as Error);
  } finally {
    manager.releaseConnection(connection);
  }
}

export interface QueryGenerator {
  escape(value: unknown, attribute?: unknown): string;
  quoteTable(table: unknown): string;
  selectQuery(table: unknown, options: object, model: unknown): string;
  quoteIdentifier(name: string): string;
  getWhereConditions(where: WhereOptions, tableAs: string, model: unknown, options: object): string;
}

export const generatorOf = (model: ModelStatic<Model>) =>
  (model.sequelize!.getQueryInterface() as unknown as { queryGenerator: QueryGenerator }).queryGenerator;

/**
 * A WHERE as SQL once, for several statements of one request (a list's page and its count):
 * Sequelize writes the same condition anew for each, and on a cheap list that writing costs more
 * than PostgreSQL's answer. The text is the one `findAll` would put after WHERE (columns named
 * through the model's alias), usable wherever a WhereOptions is.
 */
export function compiledWhere(model: ModelStatic<Model>, where: WhereOptions): WhereOptions {
  const generator = generatorOf(model);
  const text = generator.getWhereConditions(where, generator.quoteIdentifier(model.name), model, {});
  return model.sequelize!.literal(text ? `(${text})` : 'TRUE') as unknown as WhereOptions;
}

/** Every attribute as findAll selects it (a column under another name is aliased to the attribute). */
export const columnsOf = (model: ModelStatic<Model>): Array<string | [string, string]> =>
  Object.entries(model.getAttributes()).map(([name, attribute]) => (attribute.field && attribute.field !== name ? [attribute.field, name] : name));

/**
 * The select list findAll writes for a model, quoted once per model: the text is the same, and
 * quoting three dozen names again for every page was half of building the statement.
 */
const selectLists = new WeakMap<ModelStatic<Model>, unknown>();
export function selectListOf(model: ModelStatic<Model>, generator: QueryGenerator): unknown {
  let list = selectLists.get(model);
  if (!list) {
    const quote = (name: string) => generator.quoteIdentifier(name);
    list = model.sequelize!.literal(
      columnsOf(model)
        .map((c) => (Array.isArray(c) ? `${quote(c[0])} AS ${quote(c[1])}` : quote(c)))
        .join(', '),
    );
    selectLists.set(model, list);
  }
  return list;
}

/** Sequelize's own SELECT for these options (the text `findAll` sends), without running it. */
export function selectSql(
  model: ModelStatic<Model>,
  options: { where?: WhereOptions; order?: unknown; limit?: number; offset?: number; attributes?: unknown[] },
): string {
  const generator = generatorOf(model);
  return generator.selectQuery(model.getTableName(), { ...options, attributes: options.attributes ?? [selectListOf(model, generator)] }, model);
}

/**
 * The rows `model.findAll(options)` would find, as plain attribute objects (what `get({ plain: true })`
 * of each instance holds), read through `selectRows`.
 */
export function findPlain<T extends object = Record<string, unknown>>(
  model: ModelStatic<Model>,
  options: { where?: WhereOptions; order?: unknown; limit?: number; offset?: number; attributes?: unknown[] },
): Promise<T[]> {
  return selectRows<T>(model.sequelize!, selectSql(model, options));
}

/**
 * Runs these reads side by side on the pool, or one after another inside a transaction: a
 * transaction holds one connection, which runs one statement at a time (side by side there, pg
 * queues them and warns that it will stop doing so).
 */
export async function readAll<T extends unknown[]>(
  transaction: Transaction | null | undefined,
  ...reads: { [K in keyof T]: () => Promise<T[K]> | T[K] }
): Promise<T> {
  if (!transaction) return (await Promise.all(reads.map((read) => read()))) as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as T;
}
