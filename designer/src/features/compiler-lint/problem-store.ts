// The compiler's latest answer for the diagram, by element: what the lint rules and the problems list show.
import type { CompileResult, Problem } from '@ggzy/process';

export class ProblemStore {
  result: CompileResult | null = null;
  private byElement = new Map<string, { errors: Problem[]; warnings: Problem[] }>();

  set(result: CompileResult): void {
    this.result = result;
    this.byElement.clear();
    for (const [list, kind] of [[result.errors, 'errors'], [result.warnings, 'warnings']] as const) {
      for (const p of list) {
        const key = p.element ?? '';
        const entry = this.byElement.get(key) ?? { errors: [], warnings: [] };
        entry[kind].push(p);
        this.byElement.set(key, entry);
      }
    }
  }

  /** Problems of an element; '' holds the document-level ones. */
  of(elementId: string): { errors: Problem[]; warnings: Problem[] } {
    return this.byElement.get(elementId) ?? { errors: [], warnings: [] };
  }

  knows(elementId: string): boolean {
    return this.byElement.has(elementId);
  }
}
