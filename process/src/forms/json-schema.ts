// A formily form as a plain JSON Schema (2020-12), for the api's documentation of a procedure's start variables:
// layout (void containers, x-component, x-decorator) left out, formily's enum of {label, value} reduced to the values,
// x-validator rules spelled as JSON-schema keywords. What it describes is what validateFormData accepts.
import type { FormSchema } from '../compiler/forms';
import { declaredProperties } from './validate-form';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function validatorKeywords(schema: FormSchema): { required: boolean; keywords: Record<string, unknown> } {
  const keywords: Record<string, unknown> = {};
  let required = false;
  const list = Array.isArray(schema['x-validator']) ? schema['x-validator'] : schema['x-validator'] === undefined ? [] : [schema['x-validator']];
  for (const v of list) {
    if (v === 'required') required = true;
    else if (typeof v === 'string') keywords.format = v;
    else if (isObject(v)) {
      if (v.required === true) required = true;
      for (const key of ['pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength']) {
        if (v[key] !== undefined) keywords[key] = v[key];
      }
    }
  }
  return { required, keywords };
}

function field(schema: FormSchema): { json: Record<string, unknown>; required: boolean } {
  const { required, keywords } = validatorKeywords(schema);
  const json: Record<string, unknown> = {};
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  if (type === 'date') Object.assign(json, { type: 'string', format: 'date' });
  else if (type === 'datetime') Object.assign(json, { type: 'string', format: 'date-time' });
  else if (type) json.type = type;
  for (const key of ['title', 'description', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'default']) {
    if (schema[key] !== undefined) json[key] = schema[key];
  }
  Object.assign(json, keywords);
  const list = Array.isArray(schema.enum) ? schema.enum : null;
  if (list) json.enum = list.map((e) => (isObject(e) && 'value' in e ? e.value : e));
  if (typeof schema['x-component'] === 'string') json['x-component'] = schema['x-component'];
  if (type === 'object' || isObject(schema.properties)) Object.assign(json, formToJsonSchema(schema));
  if (type === 'array' && isObject(schema.items)) json.items = field(schema.items).json;
  return { json, required: required || schema.required === true };
}

/** The JSON Schema of the data a form submits. */
export function formToJsonSchema(form: FormSchema): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = Array.isArray(form.required) ? form.required.filter((r): r is string => typeof r === 'string') : [];
  for (const [name, child] of declaredProperties(form)) {
    const f = field(child);
    properties[name] = f.json;
    if (f.required && !required.includes(name)) required.push(name);
  }
  return {
    type: 'object',
    ...(typeof form.title === 'string' ? { title: form.title } : {}),
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}
