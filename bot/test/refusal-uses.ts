// The bot answers a domain refusal in one place (src/domain-errors.ts). This scanner reads the
// feature sources and lists every place that looks inside an error instead of letting it reach
// that boundary, so that a check can fail when a per-feature translation comes back.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface RefusalUse {
  file: string;
  line: number;
  rule: 'inspects-domain-error' | 'translates-error' | 'reads-caught-error';
  text: string;
}

/** What a caught error may not be asked in a feature: which refusal it is. */
const REFUSAL_PROPERTIES = new Set(['code', 'details']);

/** Names bound to a caught error: `catch (error)` and the parameter of a `.catch((error) => …)` callback. */
function caughtNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCatchClause(node) && node.variableDeclaration && ts.isIdentifier(node.variableDeclaration.name)) names.add(node.variableDeclaration.name.text);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'catch') {
      const handler = node.arguments[0];
      if (handler && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) {
        const first = handler.parameters[0];
        if (first && ts.isIdentifier(first.name)) names.add(first.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The expression under casts and parentheses: `(error as DomainError)` is `error`. */
function bare(node: ts.Expression): ts.Expression {
  while (
    ts.isAsExpression(node) ||
    ts.isParenthesizedExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isSatisfiesExpression(node)
  )
    node = node.expression;
  return node;
}

/**
 * Every use of a refusal in one source other than throwing it: `DomainError` outside `new
 * DomainError(…)` (an `instanceof`, a type), `isDomainError`, the boundary's `domainErrorText`, and
 * the `code` or `details` of a caught error.
 */
export function findRefusalUses(file: string, text: string): RefusalUse[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const caught = caughtNames(source);
  const isCaught = (node: ts.Expression) => {
    const inner = bare(node);
    return ts.isIdentifier(inner) && caught.has(inner.text);
  };
  const uses: RefusalUse[] = [];
  const add = (node: ts.Node, rule: RefusalUse['rule']): void =>
    void uses.push({
      file,
      rule,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      text: node.parent.getText(source).split('\n')[0]!.slice(0, 160),
    });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return; // an import alone decides nothing; its uses are checked
    if (ts.isIdentifier(node)) {
      if (node.text === 'isDomainError') add(node, 'inspects-domain-error');
      else if (node.text === 'DomainError' && !(ts.isNewExpression(node.parent) && node.parent.expression === node)) add(node, 'inspects-domain-error');
      else if (node.text === 'domainErrorText') add(node, 'translates-error');
    }
    if (ts.isPropertyAccessExpression(node) && isCaught(node.expression) && REFUSAL_PROPERTIES.has(node.name.text)) {
      add(node.name, 'reads-caught-error');
    }
    if (
      ts.isElementAccessExpression(node) &&
      isCaught(node.expression) &&
      ts.isStringLiteral(node.argumentExpression) &&
      REFUSAL_PROPERTIES.has(node.argumentExpression.text)
    ) {
      add(node.argumentExpression, 'reads-caught-error');
    }
    if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer &&
      isCaught(node.initializer) &&
      node.name.elements.some((e) => REFUSAL_PROPERTIES.has((e.propertyName ?? e.name).getText(source)))
    ) {
      add(node.name, 'reads-caught-error');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** The bot's feature sources: `src/features/**` without tests. */
export function featureSources(botRoot: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name)) out.push(full);
    }
  };
  walk(path.join(botRoot, 'src', 'features'));
  return out;
}

export function scanFeatures(botRoot: string): RefusalUse[] {
  return featureSources(botRoot).flatMap((file) => findRefusalUses(path.relative(botRoot, file), readFileSync(file, 'utf8')));
}
