// The forms a deal is started and its tasks completed with, checked on the server against the deployed schema
// before anything happens (no deal code spent, no workflow started, no Update sent): field-level refusals with a
// stable code per field, in zh-CN and en. One validator for both (@ggzy/process validateFormData).
import { isValidCreditCode } from '@ggzy/domain/credit-code';
import { formToJsonSchema, validateFormData, type FormIssue, type FormSchema, type ProcessModel } from '@ggzy/process';
import { AppError, type ErrorDetail } from '../http/errors';

/** Formats the platform knows beyond the validator's own: the credit code's check character (GB 32100-2015). */
export const PLATFORM_FORMATS = { creditCode: isValidCreditCode };

function detailsOf(issues: FormIssue[], prefix: string): ErrorDetail[] {
  return issues.map((i) => ({
    path: i.path ? `${prefix}.${i.path}` : prefix, code: i.code, message: i.en, messages: { zh: i.zh, en: i.en },
  }));
}

/** Refuses data the form does not accept (FORM_INVALID, 422, one detail per field). */
export function requireFormData(form: FormSchema, data: unknown, prefix: string): void {
  const issues = validateFormData(form, data, { formats: PLATFORM_FORMATS });
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
