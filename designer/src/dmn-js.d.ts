// dmn-js ships no type declarations: only what the designer uses.
declare module 'dmn-js/lib/Modeler' {
  export interface DmnView { type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression'; element: { id: string; name?: string } }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; [option: string]: unknown });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    open(view: DmnView): Promise<{ warnings: unknown[] }>;
    getActiveViewer(): { get<T = unknown>(name: string): T; on(event: string, callback: () => void): void } | undefined;
    on(event: string, callback: (event: unknown) => void): void;
    destroy(): void;
  }
}
