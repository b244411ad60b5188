// Core is the only writer of domain tables: api, bot and jobs translate and call core. This scanner
// reads their sources (tests excepted) and lists every write on a model of @crm/database and every
// raw SQL statement, so that a check can fail when one appears outside core.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  rule: 'model-write' | 'row-write' | 'raw-sql';
  text: string;
}

/** Sequelize's writes on a model class (`Lead.update(...)`). */
const MODEL_WRITES = new Set(['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'findOrCreate', 'truncate', 'restore']);
/** Writes on a row, whatever it is called (`lead.save()`); update and destroy only on what may be a row. */
const ROW_WRITES = new Set(['save', 'increment', 'decrement', 'restore', 'update', 'destroy']);
/** Receivers of `.update(` / `.destroy(` that are never rows: HTTP responses, streams, hashes, resource hooks. */
const NOT_A_ROW = /(^|\.)(res|req|socket|stream|counter|hooks)$|^create(Hash|Hmac)\(/;
/** Names @crm/database exports that are not models. */
const NOT_MODELS = new Set(['Op', 'QueryTypes', 'Sequelize', 'SqlTransaction', 'Transaction', 'DataTypes']);
/** A statement in a string: uppercase keywords, as SQL is written here (user-facing text never matches). */
const SQL_TEXT = /\bSELECT\b[\s\S]*\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE FROM\b|\bpg_advisory_\w*lock/;

function modelsImported(source: ts.SourceFile): Set<string> {
  const models = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== '@crm/database') continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
    for (const element of clause.namedBindings.elements) {
      const name = element.name.text;
      if (!element.isTypeOnly && /^[A-Z]/.test(name) && !NOT_MODELS.has(name) && !/^[A-Z_]+$/.test(name)) models.add(name);
    }
  }
  return models;
}

/** Every domain write and raw SQL statement in one source text. */
export function findDomainWrites(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const models = modelsImported(source);
  const findings: Finding[] = [];
  const add = (node: ts.Node, rule: Finding['rule']): void =>
    void findings.push({
      file,
      rule,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      text: node.getText(source).split('\n')[0]!.slice(0, 160),
    });
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression.getText(source).replace(/!$/, '');
      // One finding per statement: its SQL text is not reported again.
      if (method === 'query' && /(^|\.)sequelize$/.test(receiver)) return add(node, 'raw-sql');
      if (ts.isIdentifier(node.expression.expression) && models.has(receiver)) {
        if (MODEL_WRITES.has(method)) add(node, 'model-write');
      } else if (ROW_WRITES.has(method) && !NOT_A_ROW.test(receiver)) add(node, 'row-write');
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) && SQL_TEXT.test(node.getText(source))) {
      return add(node, 'raw-sql');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** The product sources of a process workspace: `src/**` without tests and test helpers. */
function processSources(root: string, workspace: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'testing' && name !== 'node_modules') walk(full);
      } else if (/\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name)) out.push(full);
    }
  };
  walk(path.join(root, workspace, 'src'));
  return out;
}

export function scanProcesses(root: string, workspaces = ['api', 'bot', 'jobs']): Finding[] {
  return workspaces.flatMap((workspace) =>
    processSources(root, workspace).flatMap((file) => findDomainWrites(path.relative(root, file), readFileSync(file, 'utf8'))),
  );
}
