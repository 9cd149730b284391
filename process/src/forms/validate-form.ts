// The server's check of what a formily form submits: the same JSON schema the browser renders (types, required,
// enum, pattern, formats, lengths, bounds, array items), and nothing the form does not declare. Interpreted, never
// compiled (no code generation: a schema is a designer's data), so the api and the workflow sandbox can both run it.
// Used when a deal starts (the procedure's start form) and when a user task is completed (the task's form).

import type { FormSchema } from '../compiler/forms';

export type FormIssueCode =
  | 'required' | 'type' | 'enum' | 'pattern' | 'format' | 'minimum' | 'maximum' | 'minLength' | 'maxLength'
  | 'minItems' | 'maxItems' | 'undeclared'
  /** A document the form refers to is not held by the platform (checked by the api, which has the file store). */
  | 'file';

export interface FormIssue {
  /** Where in the submitted data: `sections[0].estimateFen`. */
  path: string;
  code: FormIssueCode;
  zh: string;
  en: string;
}

/** A named format: true when the value is well formed. */
export type FormatCheck = (value: string) => boolean;

export interface ValidateOptions {
  /** Formats beyond the built-in ones (the api adds `creditCode`, the check of GB 32100). */
  formats?: Readonly<Record<string, FormatCheck>>;
  /** At most this many issues are reported (the rest are dropped). */
  maxIssues?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Formats every caller knows; a schema naming any other format is refused rather than passed unchecked. */
export const BUILT_IN_FORMATS: Readonly<Record<string, FormatCheck>> = {
  sha256: (v) => /^[0-9a-f]{64}$/.test(v),
  date: (v) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  url: (v) => /^https?:\/\/[^\s]+$/.test(v),
  phone: (v) => /^(\+?86)?1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(v),
  integer: (v) => /^-?\d+$/.test(v),
  number: (v) => /^-?\d+(\.\d+)?$/.test(v),
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The properties of an object schema, with void containers (layout, ArrayTable columns) walked through. */
export function declaredProperties(schema: FormSchema): Array<[string, FormSchema]> {
  const out: Array<[string, FormSchema]> = [];
  const props = isObject(schema.properties) ? schema.properties : {};
  for (const [name, child] of Object.entries(props)) {
    if (!isObject(child)) continue;
    if (child.type === 'void') out.push(...declaredProperties(child));
    else out.push([name, child]);
  }
  return out;
}

/** Top-level field names a form declares (what a completion may set). */
export function declaredFields(schema: FormSchema): string[] {
  return declaredProperties(schema).map(([name]) => name).sort();
}

interface Rules {
  required: boolean;
  pattern: string[];
  formats: string[];
  min: number | null;
  max: number | null;
  minimum: number | null;
  maximum: number | null;
  exclusiveMinimum: number | null;
  exclusiveMaximum: number | null;
  minLength: number | null;
  maxLength: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const tighter = (a: number | null, b: number | null, pick: (x: number, y: number) => number) => (a === null ? b : b === null ? a : pick(a, b));

/** The rules of a field: its JSON-schema keywords and its x-validator (a format name, an object, or a list). */
function rulesOf(schema: FormSchema, requiredByParent: boolean): Rules {
  const r: Rules = {
    required: requiredByParent || schema.required === true, pattern: [], formats: [], min: null, max: null,
    minimum: num(schema.minimum), maximum: num(schema.maximum), exclusiveMinimum: num(schema.exclusiveMinimum), exclusiveMaximum: num(schema.exclusiveMaximum),
    minLength: num(schema.minLength), maxLength: num(schema.maxLength),
  };
  if (typeof schema.pattern === 'string') r.pattern.push(schema.pattern);
  if (typeof schema.format === 'string') r.formats.push(schema.format);
  const validators = Array.isArray(schema['x-validator']) ? schema['x-validator'] : schema['x-validator'] === undefined ? [] : [schema['x-validator']];
  for (const v of validators) {
    if (typeof v === 'string') { if (v === 'required') r.required = true; else r.formats.push(v); continue; }
    if (!isObject(v)) continue;
    if (v.required === true) r.required = true;
    if (typeof v.format === 'string') r.formats.push(v.format);
    if (typeof v.pattern === 'string') r.pattern.push(v.pattern);
    r.min = tighter(r.min, num(v.min), Math.max);
    r.max = tighter(r.max, num(v.max), Math.min);
    r.minimum = tighter(r.minimum, num(v.minimum), Math.max);
    r.maximum = tighter(r.maximum, num(v.maximum), Math.min);
    r.exclusiveMinimum = tighter(r.exclusiveMinimum, num(v.exclusiveMinimum), Math.max);
    r.exclusiveMaximum = tighter(r.exclusiveMaximum, num(v.exclusiveMaximum), Math.min);
    r.minLength = tighter(r.minLength, num(v.minLength), Math.max);
    r.maxLength = tighter(r.maxLength, num(v.maxLength), Math.min);
  }
  return r;
}

function titleOf(schema: FormSchema, path: string): string {
  return typeof schema.title === 'string' && schema.title.trim() ? schema.title.trim() : path;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
    // a whole object left blank (an optional picker nobody picked from: `{}` or all its fields empty) is no value
    || (isObject(v) && Object.values(v).every(isEmpty));
}

/**
 * The data without the objects left blank (see isEmpty): an optional object nobody filled in is absent, as the steps
 * that read it expect, rather than an object without its required fields.
 */
export function withoutBlankObjects<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutBlankObjects) as T;
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value)
    .filter(([, v]) => !(isObject(v) && isEmpty(v)))
    .map(([k, v]) => [k, withoutBlankObjects(v)])) as T;
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['文本', 'text'], number: ['数字', 'a number'], integer: ['整数', 'a whole number'], boolean: ['是/否', 'yes or no'],
  object: ['对象', 'an object'], array: ['列表', 'a list'], date: ['日期', 'a date'], datetime: ['日期时间', 'a date and time'],
};

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'string': case 'date': case 'datetime': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isSafeInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    default: return true;
  }
}

function enumValues(schema: FormSchema): unknown[] | null {
  const list = Array.isArray(schema.enum) ? schema.enum : Array.isArray(schema.dataSource) ? schema.dataSource : null;
  return list ? list.map((e) => (isObject(e) && 'value' in e ? e.value : e)) : null;
}

class Checker {
  readonly issues: FormIssue[] = [];
  constructor(private readonly formats: Readonly<Record<string, FormatCheck>>, private readonly maxIssues: number) {}

  add(path: string, code: FormIssueCode, zh: string, en: string): void {
    if (this.issues.length < this.maxIssues) this.issues.push({ path, code, zh, en });
  }

  object(schema: FormSchema, value: Record<string, unknown>, prefix: string): void {
    const declared = declaredProperties(schema);
    const requiredList = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
    const names = new Set(declared.map(([n]) => n));
    for (const key of Object.keys(value)) {
      if (!names.has(key)) this.add(`${prefix}${key}`, 'undeclared', `表单中没有字段「${key}」`, `the form has no field "${key}"`);
    }
    for (const [name, child] of declared) this.field(child, value[name], `${prefix}${name}`, requiredList.includes(name));
  }

  field(schema: FormSchema, value: unknown, path: string, requiredByParent: boolean): void {
    const rules = rulesOf(schema, requiredByParent);
    const title = titleOf(schema, path);
    if (isEmpty(value)) {
      if (rules.required) this.add(path, 'required', `「${title}」为必填项`, `"${title}" is required`);
      return;
    }
    const type = typeof schema.type === 'string' ? schema.type : undefined;
    if (type && !typeMatches(type, value)) {
      const [zh, en] = TYPE_NAMES[type] ?? [type, type];
      this.add(path, 'type', `「${title}」应为${zh}`, `"${title}" must be ${en}`);
      return;
    }
    const allowed = enumValues(schema);
    if (allowed && !(Array.isArray(value) ? value.every((v) => allowed.includes(v)) : allowed.includes(value))) {
      this.add(path, 'enum', `「${title}」不是可选的值`, `"${title}" is not one of the choices`);
    }
    if (typeof value === 'string') this.text(rules, value, path, title);
    if (typeof value === 'number') this.bounds(rules, value, path, title);
    if (Array.isArray(value)) this.list(schema, rules, value, path, title);
    else if (isObject(value) && isObject(schema.properties)) this.object(schema, value, `${path}.`);
  }

  private text(rules: Rules, value: string, path: string, title: string): void {
    const length = [...value].length;
    const minLength = tighter(rules.minLength, rules.min, Math.max);
    const maxLength = tighter(rules.maxLength, rules.max, Math.min);
    if (minLength !== null && length < minLength) this.add(path, 'minLength', `「${title}」至少 ${minLength} 个字`, `"${title}" needs at least ${minLength} characters`);
    if (maxLength !== null && length > maxLength) this.add(path, 'maxLength', `「${title}」最多 ${maxLength} 个字`, `"${title}" takes at most ${maxLength} characters`);
    for (const pattern of rules.pattern) {
      let matches: boolean;
      try {
        matches = new RegExp(pattern).test(value);
      } catch {
        matches = false; // a broken pattern in a deployed form refuses rather than passes
      }
      if (!matches) this.add(path, 'pattern', `「${title}」的格式不正确`, `"${title}" is not in the expected form`);
    }
    for (const format of rules.formats) {
      const check = this.formats[format];
      if (!check || !check(value)) this.add(path, 'format', `「${title}」不是有效的${FORMAT_NAMES[format]?.[0] ?? format}`, `"${title}" is not a valid ${FORMAT_NAMES[format]?.[1] ?? format}`);
    }
  }

  private bounds(rules: Rules, value: number, path: string, title: string): void {
    const minimum = tighter(rules.minimum, rules.min, Math.max);
    const maximum = tighter(rules.maximum, rules.max, Math.min);
    if (minimum !== null && value < minimum) this.add(path, 'minimum', `「${title}」不能小于 ${minimum}`, `"${title}" must be at least ${minimum}`);
    if (rules.exclusiveMinimum !== null && value <= rules.exclusiveMinimum) this.add(path, 'minimum', `「${title}」应大于 ${rules.exclusiveMinimum}`, `"${title}" must be more than ${rules.exclusiveMinimum}`);
    if (maximum !== null && value > maximum) this.add(path, 'maximum', `「${title}」不能大于 ${maximum}`, `"${title}" must be at most ${maximum}`);
    if (rules.exclusiveMaximum !== null && value >= rules.exclusiveMaximum) this.add(path, 'maximum', `「${title}」应小于 ${rules.exclusiveMaximum}`, `"${title}" must be less than ${rules.exclusiveMaximum}`);
  }

  private list(schema: FormSchema, rules: Rules, value: unknown[], path: string, title: string): void {
    const minItems = tighter(num(schema.minItems), rules.min, Math.max);
    const maxItems = tighter(num(schema.maxItems), rules.max, Math.min);
    if (minItems !== null && value.length < minItems) this.add(path, 'minItems', `「${title}」至少 ${minItems} 项`, `"${title}" needs at least ${minItems} rows`);
    if (maxItems !== null && value.length > maxItems) this.add(path, 'maxItems', `「${title}」最多 ${maxItems} 项`, `"${title}" takes at most ${maxItems} rows`);
    const items = isObject(schema.items) ? schema.items : null;
    if (!items) return;
    value.forEach((item, i) => this.field(items, item, `${path}[${i}]`, false));
  }
}

const FORMAT_NAMES: Record<string, [string, string]> = {
  creditCode: ['统一社会信用代码', 'unified social credit code'], sha256: ['SHA-256 摘要', 'SHA-256 digest'], date: ['日期', 'date'],
  'date-time': ['日期时间', 'date and time'], email: ['电子邮箱', 'e-mail address'], url: ['网址', 'web address'], phone: ['电话号码', 'phone number'],
  integer: ['整数', 'whole number'], number: ['数字', 'number'],
};

/**
 * Checks submitted data against a formily form. An empty list means the data is what the form asks for: every
 * required field present, every value of its type and within its rules, and no field the form does not declare.
 */
export function validateFormData(schema: FormSchema, data: unknown, options: ValidateOptions = {}): FormIssue[] {
  const checker = new Checker({ ...BUILT_IN_FORMATS, ...(options.formats ?? {}) }, options.maxIssues ?? 50);
  if (!isObject(data)) {
    checker.add('', 'type', '表单数据应为对象', 'the form data must be an object');
    return checker.issues;
  }
  checker.object(schema, data, '');
  return checker.issues;
}
