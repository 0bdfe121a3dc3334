import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const renderer = fileURLToPath(new URL('../../renderer/src/', import.meta.url));

/** The most lines one component may span, from its declaration to its closing brace. */
const MAX_COMPONENT_LINES = 150;

interface ComponentSize {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

function isFunctionLike(node: ts.Node): node is FunctionLike {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node);
}

function containsJsx(node: ts.Node): boolean {
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return true;
  return ts.forEachChild(node, containsJsx) ?? false;
}

/** Whether the function itself (not a function nested in it) returns something holding JSX. */
function returnsJsx(fn: FunctionLike): boolean {
  const body = fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return containsJsx(body);
  const visit = (node: ts.Node): boolean => {
    if (isFunctionLike(node) || ts.isClassLike(node)) return false;
    if (ts.isReturnStatement(node)) return node.expression !== undefined && containsJsx(node.expression);
    return ts.forEachChild(node, visit) ?? false;
  };
  return ts.forEachChild(body, visit) ?? false;
}

/** `memo(function X …)`, `forwardRef((props) => …)`: the function a wrapper call hands to React. */
function unwrapComponent(node: ts.Expression): FunctionLike | undefined {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  if (ts.isParenthesizedExpression(node)) return unwrapComponent(node.expression);
  if (ts.isCallExpression(node) && node.arguments[0]) return unwrapComponent(node.arguments[0]);
  return undefined;
}

/**
 * Every component in `source`: a function or an arrow function whose name starts with a capital
 * letter and which returns JSX, with the lines it spans from its declaration (after any doc
 * comment) to its closing brace.
 */
function componentSizes(fileName: string, source: string): ComponentSize[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const sizes: ComponentSize[] = [];
  const counted = new Set<FunctionLike>();
  const record = (name: string, from: ts.Node, fn: FunctionLike) => {
    counted.add(fn);
    if (!/^[A-Z]/.test(name) || !returnsJsx(fn)) return;
    const first = file.getLineAndCharacterOfPosition(from.getStart(file)).line;
    const last = file.getLineAndCharacterOfPosition(fn.getEnd()).line;
    sizes.push({ name, line: first + 1, lines: last - first + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations) {
        const fn = declaration.initializer && unwrapComponent(declaration.initializer);
        if (!fn || !ts.isIdentifier(declaration.name)) continue;
        // A named function inside a wrapper goes by its own name, as React shows it.
        const name = ts.isFunctionExpression(fn) && fn.name ? fn.name.text : declaration.name.text;
        record(name, node.declarationList.declarations.length === 1 ? node : declaration, fn);
      }
    } else if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name && !counted.has(node)) {
      record(node.name.text, node, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return sizes;
}

function oversized(fileName: string, source: string): string[] {
  return componentSizes(fileName, source)
    .filter((c) => c.lines > MAX_COMPONENT_LINES)
    .map((c) => `${fileName}:${c.line} ${c.name} spans ${c.lines} lines (at most ${MAX_COMPONENT_LINES})`);
}

/** A component with `bodyLines` lines between its declaration and its closing brace. */
function syntheticComponent(declaration: string, bodyLines: number, closing = '}'): string {
  const filler = Array.from({ length: bodyLines - 3 }, (_, i) => `  const value${i} = ${i};`);
  return [declaration, ...filler, '  return <div>{value0}</div>;', closing].join('\n');
}

describe('every React component in the renderer fits in a reader’s head', () => {
  it(`spans at most ${MAX_COMPONENT_LINES} lines`, () => {
    const tooLong: string[] = [];
    for (const file of readdirSync(renderer, { recursive: true, encoding: 'utf8' })) {
      if (file.endsWith('.tsx')) tooLong.push(...oversized(`renderer/src/${file}`, readFileSync(`${renderer}${file}`, 'utf8')));
    }
    expect(tooLong).toEqual([]);
  });

  it('names an over-long component, however it is declared', () => {
    const source = [
      '/** A doc comment does not count. */',
      syntheticComponent('export function LongPage() {', 151),
      syntheticComponent('const LongArrow = ({ id }: { id: string }) => {', 152, '};'),
      syntheticComponent('const LongRow = memo(function LongRow() {', 160, '});'),
      syntheticComponent('export default function ShortEnough() {', 150),
    ].join('\n');
    expect(oversized('Example.tsx', source)).toEqual([
      'Example.tsx:2 LongPage spans 151 lines (at most 150)',
      'Example.tsx:153 LongArrow spans 152 lines (at most 150)',
      'Example.tsx:305 LongRow spans 160 lines (at most 150)',
    ]);
  });

  it('leaves out what is not a component: helpers in lower case, and functions returning no JSX', () => {
    const source = [syntheticComponent('function longHelper() {', 200), 'function Compute() {', ...Array.from({ length: 200 }, () => '  work();'), '  return 1;', '}'].join('\n');
    expect(componentSizes('Example.tsx', source)).toEqual([]);
  });

  it('counts a component by its own lines, not by the JSX of the functions inside it', () => {
    const source = ['function Outer() {', '  const Inner = () => <span />;', '  return null;', '}'].join('\n');
    expect(componentSizes('Example.tsx', source)).toEqual([{ name: 'Inner', line: 2, lines: 1 }]);
  });
});
