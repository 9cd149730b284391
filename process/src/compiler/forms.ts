// Required fields of a formily JSON schema: `required: true`, a parent's `required: [...]`, or an
// x-validator that says required. Nested objects give dotted paths; void containers (layout) are walked through.

export type FormSchema = Record<string, unknown>;

function isRequiredValidator(v: unknown): boolean {
  if (v === 'required') return true;
  if (Array.isArray(v)) return v.some(isRequiredValidator);
  if (v && typeof v === 'object') return (v as { required?: unknown }).required === true;
  return false;
}

export function requiredFieldsOf(schema: FormSchema, prefix = ''): string[] {
  const out: string[] = [];
  const props = (schema.properties ?? {}) as Record<string, FormSchema>;
  const requiredList = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const [name, child] of Object.entries(props)) {
    if (!child || typeof child !== 'object') continue;
    const isVoid = child.type === 'void';
    const path = isVoid ? prefix : `${prefix}${name}`;
    if (!isVoid && (child.required === true || requiredList.includes(name) || isRequiredValidator(child['x-validator']))) out.push(path);
    if (child.properties) out.push(...requiredFieldsOf(child, isVoid ? prefix : `${path}.`));
  }
  return out;
}

/** Reads a dotted path out of submitted form data. */
export function valueAt(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Required fields missing from submitted data (absent, null or empty text). */
export function missingRequired(required: readonly string[], data: unknown): string[] {
  return required.filter((path) => {
    const v = valueAt(data, path);
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
  });
}
