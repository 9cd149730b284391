// Forms of user tasks and start forms: a formily JSON schema (as deployed with the process) rendered with the antd
// component set and the platform's own fields — subjects from the subject library, specialties, rooms, dates on the
// working-day calendar, uploads that record their SHA-256, money typed in 元 and kept in 分. The designer previews with
// it, the portal starts deals and completes tasks with it; the server checks the same schema (@ggzy/process).
import { useEffect, useMemo } from 'react';
import { createForm, isField, registerValidateFormats } from '@formily/core';
import { FormProvider, Schema, createSchemaField, type ISchema } from '@formily/react';
import { isValidCreditCode } from '@ggzy/domain/credit-code';
// one module per component: the package index is marked as having side effects and would pull in every component
import { ArrayTable } from '@formily/antd-v5/esm/array-table';
import { Checkbox } from '@formily/antd-v5/esm/checkbox';
import { DatePicker } from '@formily/antd-v5/esm/date-picker';
import { FormGrid } from '@formily/antd-v5/esm/form-grid';
import { FormItem } from '@formily/antd-v5/esm/form-item';
import { FormLayout } from '@formily/antd-v5/esm/form-layout';
import { Input } from '@formily/antd-v5/esm/input';
import { NumberPicker } from '@formily/antd-v5/esm/number-picker';
import { Radio } from '@formily/antd-v5/esm/radio';
import { Select } from '@formily/antd-v5/esm/select';
import { Submit } from '@formily/antd-v5/esm/submit';
import { Switch } from '@formily/antd-v5/esm/switch';
import { currentLanguage } from './i18n';
import { FileUpload } from './form-fields/file-upload';
import { MoneyYuan } from './form-fields/money-yuan';
import { RoomPicker } from './form-fields/room-picker';
import { SpecialtyPicker } from './form-fields/specialty-picker';
import { SubjectPicker } from './form-fields/subject-picker';
import { FormRegion } from './form-fields/form-region';
import { WorkdayDatePicker } from './form-fields/workday-date-picker';

// A schema is data written by a designer and shown in every staff member's browser: its {{ }} expressions are never
// compiled to code (formily would use new Function). They come out as nothing; the content-security policy agrees.
Schema.registerCompiler(() => undefined);

const SchemaField = createSchemaField({
  components: {
    FormItem, FormGrid, Input, NumberPicker, Select, DatePicker, Checkbox, Radio, Switch, TextArea: Input.TextArea, ArrayTable,
    SubjectPicker, SpecialtyPicker, RoomPicker, WorkdayDatePicker, FileUpload, MoneyYuan,
  },
});

// the formats the server knows (process/src/forms) and formily does not; the credit code's check is a function (below)
registerValidateFormats({ sha256: /^[0-9a-f]{64}$/ });

export type FormSchema = Record<string, unknown>;

const COMPONENT_BY_TYPE: Record<string, string> = { string: 'Input', number: 'NumberPicker', integer: 'NumberPicker', boolean: 'Switch' };
/** Components that hold a whole object (their properties describe the value, not fields of their own). */
const OBJECT_COMPONENTS = new Set(['SubjectPicker']);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const zhOrEn = (zh: string, en: string) => (currentLanguage() === 'en' ? en : zh);

/** A credit code is checked as it is typed, with the server's own check (GB 32100-2015 check character). */
function creditCodeRule(value: unknown): string {
  return typeof value !== 'string' || !value || isValidCreditCode(value) ? '' : zhOrEn('统一社会信用代码不正确（校验位不符）', 'Not a valid unified social credit code (check character)');
}

function withRules(validator: unknown): unknown {
  const list = Array.isArray(validator) ? validator : [validator];
  return list.map((v) => (v === 'creditCode' ? creditCodeRule : isRecord(v) && v.format === 'creditCode' ? creditCodeRule : v));
}

/**
 * An ArrayTable whose items are plain fields becomes formily's table: a column per field (its title on the column),
 * a column to remove the row, and a button to add one. Items already laid out in columns are left as they are.
 */
function arrayTable(node: Record<string, unknown>, visit: (n: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const items = isRecord(node.items) ? node.items : {};
  const props = isRecord(items.properties) ? items.properties : {};
  const laidOut = Object.values(props).some((p) => isRecord(p) && p['x-component'] === 'ArrayTable.Column');
  const columns = laidOut ? props : {
    index: { type: 'void', 'x-component': 'ArrayTable.Column', 'x-component-props': { width: 56, title: '#', align: 'center' }, properties: { i: { type: 'void', 'x-component': 'ArrayTable.Index' } } },
    ...Object.fromEntries(Object.entries(props).filter(([, f]) => isRecord(f)).map(([name, f]) => {
      const field = f as Record<string, unknown>;
      const { title, ...rest } = field;
      return [`column_${name}`, {
        type: 'void', 'x-component': 'ArrayTable.Column',
        'x-component-props': { title: field.required === true ? <span><span style={{ color: '#ff4d4f' }}>* </span>{String(title ?? name)}</span> : title ?? name, dataIndex: name },
        properties: { [name]: visit(rest) },
      }];
    })),
    operations: {
      type: 'void', 'x-component': 'ArrayTable.Column', 'x-component-props': { width: 72, title: zhOrEn('操作', 'Actions'), align: 'center' },
      properties: { remove: { type: 'void', 'x-component': 'ArrayTable.Remove' } },
    },
  };
  return {
    ...node,
    items: { ...items, type: 'object', properties: laidOut ? Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, isRecord(v) ? visit(v) : v])) : columns },
    properties: { ...(isRecord(node.properties) ? node.properties : {}), add: { type: 'void', 'x-component': 'ArrayTable.Addition', title: zhOrEn('添加一行', 'Add a row') } },
  };
}

/**
 * Fills in what a minimal schema leaves out (each field gets the FormItem decorator and a component for its type),
 * lays out array tables, and turns the platform's named checks into the functions formily runs.
 */
export function normalizeFormSchema(schema: FormSchema): ISchema {
  const visit = (node: Record<string, unknown>): Record<string, unknown> => {
    let out: Record<string, unknown> = { ...node };
    const type = typeof node.type === 'string' ? node.type : undefined;
    const component = typeof node['x-component'] === 'string' ? node['x-component'] : undefined;
    if (type && type !== 'object' && type !== 'void' && type !== 'array') {
      out['x-decorator'] ??= 'FormItem';
      out['x-component'] ??= COMPONENT_BY_TYPE[type] ?? 'Input';
    }
    if (out['x-validator'] !== undefined) out['x-validator'] = withRules(out['x-validator']);
    if (component && OBJECT_COMPONENTS.has(component)) {
      // the picker sets the whole value; its properties are what the server checks, not fields to render
      const { properties: _described, ...picker } = out;
      return { ...picker, 'x-decorator': picker['x-decorator'] ?? 'FormItem' };
    }
    if (type === 'array' && component === 'ArrayTable') out = arrayTable(out, visit);
    else if (isRecord(node.properties)) {
      out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, isRecord(v) ? visit(v) : v]));
    }
    return out;
  };
  return visit({ type: 'object', ...schema }) as ISchema;
}

/** The values as the server is to get them: without the row keys formily's array components keep in each row. */
export function submittedValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(submittedValues);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('__DO_NOT_USE_THIS_PROPERTY_')).map(([k, v]) => [k, submittedValues(v)]));
}

export interface SchemaFormProps {
  schema: FormSchema;
  initialValues?: Record<string, unknown>;
  submitText?: string;
  /** Without it the form is a preview: no submit button. */
  onSubmit?(values: Record<string, unknown>): Promise<unknown> | void;
  disabled?: boolean;
  name?: string;
  /** The server's refusals by data path (`sections[0].estimateFen`), shown beside their fields. */
  fieldErrors?: ReadonlyArray<{ path: string; message: string }>;
  /** The region the form is for (the deal's): its calendar is the one the date fields offer. Default: the user's own. */
  regionCode?: string;
}

export function SchemaForm({ schema, initialValues, submitText, onSubmit, disabled, name, fieldErrors, regionCode }: SchemaFormProps) {
  const normalized = useMemo(() => normalizeFormSchema(schema), [schema]);
  const form = useMemo(() => createForm({ initialValues, disabled }), [normalized, initialValues, disabled]);
  useEffect(() => {
    for (const error of fieldErrors ?? []) {
      const field = error.path ? form.query(error.path.replace(/\[(\d+)\]/g, '.$1')).take() : undefined;
      // as a validation result of typing: the field's own check replaces it once the value changes, so it never
      // blocks sending the corrected form
      if (field && isField(field)) field.setFeedback({ triggerType: 'onInput', type: 'error', code: 'ValidateError', messages: [error.message] });
    }
  }, [form, fieldErrors]);
  return (
    <FormRegion.Provider value={regionCode ?? null}>
    <FormProvider form={form}>
      <form aria-label={name} onSubmit={(e) => e.preventDefault()}>
        <FormLayout layout="vertical">
          <SchemaField schema={normalized} />
          {onSubmit && (
            // a failed validation is shown beside its fields; nothing more to do with it
            <Submit onSubmit={(values: Record<string, unknown>) => onSubmit(submittedValues(values) as Record<string, unknown>)} onSubmitFailed={() => undefined} disabled={disabled}>{submitText}</Submit>
          )}
        </FormLayout>
      </form>
    </FormProvider>
    </FormRegion.Provider>
  );
}
