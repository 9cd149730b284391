// The engine's files form no import circle: element handlers and task operations work through the engine context
// (an interface), never through the interpreter that implements it and dispatches to them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const sourceRoot = path.resolve(__dirname, '..', '..', 'workflows', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every file of the package with the files of the package it imports (type-only imports and re-exports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(sourceRoot)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.filter((f) => f.fileName.startsWith('.')).map((f) => {
      const base = path.resolve(path.dirname(file), f.fileName);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => {
        try {
          return statSync(candidate).isFile();
        } catch {
          return false;
        }
      });
      if (!target) throw new Error(`${path.relative(sourceRoot, file)} imports ${f.fileName}, which is not a file of the package`);
      return path.relative(sourceRoot, target);
    });
    graph.set(path.relative(sourceRoot, file), targets);
  }
  return graph;
}

/** The first import circle found, as the path of files that closes it, or null. */
function findCircle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): string[] | null => {
    const at = onPath.indexOf(file);
    if (at >= 0) return [...onPath.slice(at), file];
    if (done.has(file)) return null;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    onPath.pop();
    done.add(file);
    return null;
  };
  for (const file of [...graph.keys()].sort()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return null;
}

describe('workflow module graph', () => {
  const graph = importGraph();

  test('reads the imports of the package', () => {
    expect(graph.get(path.join('engine', 'interpreter.ts'))).toContain(path.join('engine', 'handlers', 'registry.ts'));
    expect(graph.get('workflows.ts')).toEqual(expect.arrayContaining(['probe.ts', 'process-workflow.ts']));
  });

  test('finds a circle when there is one', () => {
    expect(findCircle(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCircle(new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toBeNull();
  });

  test('no file of the package imports itself back through others', () => {
    expect(findCircle(graph)).toBeNull();
  });

  test('handlers and operations depend on the engine context, never on the interpreter', () => {
    const interpreter = path.join('engine', 'interpreter.ts');
    const dependents = [...graph.entries()].filter(([, targets]) => targets.includes(interpreter)).map(([file]) => file);
    expect(dependents).toEqual(['process-workflow.ts']);
    const context = path.join('engine', 'engine-context.ts');
    const workers = [...graph.keys()].filter((f) => f.startsWith(path.join('engine', 'handlers')) || f === path.join('engine', 'operations.ts'));
    expect(workers.length).toBeGreaterThanOrEqual(8);
    expect(workers.filter((f) => !graph.get(f)!.includes(context))).toEqual([]);
  });

  test('the engine context is types only (a handler that imports it pulls in no code)', () => {
    const text = readFileSync(path.join(sourceRoot, 'engine', 'engine-context.ts'), 'utf8');
    const source = ts.createSourceFile('engine-context.ts', text, ts.ScriptTarget.ES2022, true);
    const runtime = source.statements.filter((s) => !(ts.isImportDeclaration(s) && s.importClause?.isTypeOnly)
      && !ts.isInterfaceDeclaration(s) && !ts.isTypeAliasDeclaration(s));
    expect(runtime.map((s) => s.getText(source))).toEqual([]);
    expect(source.statements.filter(ts.isInterfaceDeclaration).map((s) => s.name.text)).toContain('EngineContext');
  });
});
