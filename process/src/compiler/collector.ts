// Gathers every problem of one compilation, errors and warnings apart, in the order they are found: the compiler
// reports all of them at once instead of stopping at the first. Its own file so the compiler's passes and element
// compilers can share it without importing the compiler.
import { problem, type Problem, type ProblemCode } from '../problems';

export class Collector {
  errors: Problem[] = [];
  warnings: Problem[] = [];
  error(code: ProblemCode, element: string | null, params?: Record<string, string | number>) {
    this.errors.push(problem(code, element, params));
  }
  warn(code: ProblemCode, element: string | null, params?: Record<string, string | number>) {
    this.warnings.push(problem(code, element, params));
  }
}
