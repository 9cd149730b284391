// The slice of bpmn-moddle's API the compiler uses (the package ships no types for its main entry).
declare module 'bpmn-moddle' {
  export interface ParseWarning { message: string; element?: unknown; property?: string }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: ParseWarning[]; references: unknown[]; elementsById: Record<string, unknown> }>;
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}
