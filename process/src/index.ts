export * from './runtime';
export * from './compiler';
export * from './statutory';
export { compileDmn, type DmnCompileResult } from './dmn/compile-dmn';
