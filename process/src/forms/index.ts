// Forms: the server's check of submitted data against a deployed formily form, and its JSON Schema for the docs.
export * from './validate-form';
export { formToJsonSchema } from './json-schema';
