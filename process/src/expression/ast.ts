/** The syntax tree of a condition or value expression; plain JSON so it can live in a ProcessModel. */
export type Expr =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'var'; name: string }
  | { t: 'member'; obj: Expr; key: string }
  | { t: 'index'; obj: Expr; index: Expr }
  | { t: 'unary'; op: '!' | '-'; arg: Expr }
  | { t: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { t: 'logical'; op: '&&' | '||'; left: Expr; right: Expr }
  | { t: 'cond'; test: Expr; then: Expr; else: Expr }
  | { t: 'call'; fn: string; args: Expr[] }
  | { t: 'list'; items: Expr[] };

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'in';

export class ExpressionError extends Error {
  constructor(message: string, readonly position?: number) {
    super(message);
    this.name = 'ExpressionError';
  }
}
