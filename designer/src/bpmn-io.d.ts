// The bpmn-io packages without their own type declarations: only what the designer uses.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export function useService<T = any>(name: string): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: unknown;
  export const SelectEntry: unknown;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isSelectEntryEdited(node: unknown): boolean;
}

declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): unknown;
}

declare module 'bpmn-js-bpmnlint' {
  const lintModule: unknown;
  export default lintModule;
}

declare module 'bpmnlint/rules/*' {
  const rule: (config?: unknown) => { check(node: unknown, reporter: unknown): void };
  export default rule;
}

declare module '*.css';
