// The forms a deal is started and its tasks completed with, checked on the server against the deployed schema
// before anything happens (no deal code spent, no workflow started, no Update sent): field-level refusals with a
// stable code per field, in zh-CN and en. One validator for both (@ggzy/process validateFormData).
import { StoredFile, type Db } from '@ggzy/db';
import { isValidCreditCode } from '@ggzy/domain/credit-code';
import { declaredProperties, formToJsonSchema, validateFormData, type FormIssue, type FormSchema, type ProcessModel } from '@ggzy/process';
import { AppError, type ErrorDetail } from '../http/errors';

/** Formats the platform knows beyond the validator's own: the credit code's check character (GB 32100-2015). */
export const PLATFORM_FORMATS = { creditCode: isValidCreditCode };

function detailsOf(issues: FormIssue[], prefix: string): ErrorDetail[] {
  return issues.map((i) => ({
    path: i.path ? `${prefix}.${i.path}` : prefix, code: i.code, message: i.en, messages: { zh: i.zh, en: i.en },
  }));
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The digests the data gives at the form's uploads (x-component FileUpload), with their paths and titles. */
export function uploadsIn(form: FormSchema, data: unknown, prefix = ''): Array<{ path: string; title: string; sha256: string }> {
  if (!isRecord(data)) return [];
  const out: Array<{ path: string; title: string; sha256: string }> = [];
  for (const [name, field] of declaredProperties(form)) {
    const value = data[name];
    const path = `${prefix}${name}`;
    if (field['x-component'] === 'FileUpload' && typeof value === 'string') out.push({ path, title: typeof field.title === 'string' ? field.title : name, sha256: value });
    else if (Array.isArray(value) && isRecord(field.items)) value.forEach((item, i) => out.push(...uploadsIn(field.items as FormSchema, item, `${path}[${i}].`)));
    else if (isRecord(value) && isRecord(field.properties)) out.push(...uploadsIn(field, value, `${path}.`));
  }
  return out;
}

/**
 * Refuses data the form does not accept (FORM_INVALID, 422, one detail per field): the schema's rules, and each
 * upload's digest naming a file the platform holds (a document is uploaded, never a hash typed).
 */
export async function requireFormData(db: Db, form: FormSchema, data: unknown, prefix: string): Promise<void> {
  const issues = validateFormData(form, data, { formats: PLATFORM_FORMATS });
  if (!issues.length) {
    const uploads = uploadsIn(form, data);
    const held = new Set(uploads.length ? (await StoredFile.query(db).whereIn('sha256', uploads.map((u) => u.sha256)).select('sha256')).map((f) => f.sha256) : []);
    for (const u of uploads.filter((x) => !held.has(x.sha256))) {
      issues.push({ path: u.path, code: 'file', zh: `「${u.title}」的文件未上传到平台`, en: `the file of "${u.title}" was not uploaded to the platform` });
    }
  }
  if (issues.length) throw new AppError('FORM_INVALID', detailsOf(issues, prefix));
}

/** The procedure's start form (ggzy:formKey on its start event), or null when it starts with any variables. */
export function startFormOf(model: ProcessModel, forms: Record<string, FormSchema>): { formKey: string; form: FormSchema } | null {
  const start = model.nodes[model.startNode];
  const formKey = start?.kind === 'startEvent' ? start.formKey : undefined;
  if (!formKey) return null;
  const form = forms[formKey];
  // a deployment refuses a start form it does not carry; a row without it is refused rather than started unchecked
  if (!form) throw new AppError('INTERNAL', undefined, `the deployed forms lack the start form ${formKey}`);
  return { formKey, form };
}

/** What the api documents of a start form: the formily schema the portal renders and the JSON Schema of the data. */
export function startSchemaOf(model: ProcessModel, forms: Record<string, FormSchema>) {
  const start = startFormOf(model, forms);
  return start ? { formKey: start.formKey, form: start.form, variables: formToJsonSchema(start.form) } : { formKey: null, form: null, variables: null };
}
