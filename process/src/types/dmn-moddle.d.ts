// The slice of dmn-moddle's API the DMN compiler uses (the package ships no types for its main entry).
declare module 'dmn-moddle' {
  export interface ParseWarning { message: string; element?: unknown; property?: string }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: ParseWarning[]; references: unknown[]; elementsById: Record<string, unknown> }>;
  }
}
