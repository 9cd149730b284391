// The house plan, checked on the code: no circle of files anywhere (a file that imports another which imports it back,
// however far round, means neither can be read or changed alone), and the packages depend in one direction — the api
// never on the worker's adapters, the two web apps never on each other, the domain never on Temporal or HTTP.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const PACKAGES = ['process', 'db', 'workflows', 'domain', 'activities', 'worker', 'api', 'web', 'portal', 'designer'];
const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourceFiles(full);
    return SOURCE.test(entry) && !/\.test\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every module a file names: static imports and re-exports (type-only ones too: a reader follows them) and import(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g, /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]!);
  return found;
}

function resolveRelative(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && SOURCE.test(candidate)) return candidate;
  }
  return null;
}

const files = PACKAGES.flatMap((p) => sourceFiles(path.join(root, p, 'src')));
const imports = new Map(files.map((f) => [f, specifiers(readFileSync(f, 'utf8'))]));
const rel = (f: string) => path.relative(root, f);

const fileEdges = (f: string) => imports.get(f)!.filter((s) => s.startsWith('.')).map((s) => resolveRelative(f, s)).filter((t): t is string => t !== null);

/** Strongly connected components of a graph (Tarjan), keeping those of more than one node. */
function circles(nodes: string[], edgesOf: (node: string) => string[]): string[][] {
  const edges = new Map(nodes.map((f) => [f, edgesOf(f)]));
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, order.get(w)!));
      }
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const f of nodes) if (!order.has(f)) visit(f);
  return found;
}

/** Files of a package that name a module matching `forbidden`, with what they name. */
function offenders(pkg: string, forbidden: RegExp): string[] {
  return files.filter((f) => rel(f).startsWith(`${pkg}/`))
    .flatMap((f) => imports.get(f)!.filter((s) => forbidden.test(s) || (s.startsWith('.') && forbidden.test(path.relative(root, path.resolve(path.dirname(f), s))))).map((s) => `${rel(f)} → ${s}`));
}

test('the checker sees the house: every package has sources and their imports are read', () => {
  for (const p of PACKAGES) expect(files.some((f) => rel(f).startsWith(`${p}/`))).toBe(true);
  expect([...imports.values()].flat().length).toBeGreaterThan(500);
});

test('no circle of files anywhere in the house', () => {
  expect(circles(files, fileEdges).map((c) => c.map(rel))).toEqual([]);
});

test('the api imports nothing from the worker\'s adapters or the worker app, and never loads the worker SDK', () => {
  expect(offenders('api', /^@ggzy\/(activities|worker)(\/|$)|^@temporalio\/(worker|activity)$|^(activities|worker)\//)).toEqual([]);
});

test('the portal and the designer import nothing from each other', () => {
  expect(offenders('portal', /^@ggzy\/designer|(^|\/)designer\//)).toEqual([]);
  expect(offenders('designer', /^@ggzy\/portal|(^|\/)portal\//)).toEqual([]);
});

test('the domain knows neither Temporal nor HTTP nor the packages above it', () => {
  expect(offenders('domain', /^@temporalio\/|^@ggzy\/(activities|worker|api|web|portal|designer)(\/|$)|^koa|^@koa\//)).toEqual([]);
});

test('the checker finds a circle however far round, and not in a chain', () => {
  const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: [] };
  expect(circles(Object.keys(graph), (n) => graph[n]!)).toEqual([['a', 'b', 'c']]);
  graph.c = ['d'];
  expect(circles(Object.keys(graph), (n) => graph[n]!)).toEqual([]);
});
