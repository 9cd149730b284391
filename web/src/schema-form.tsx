// Forms of user tasks: a formily JSON schema (as deployed with the process) rendered with the antd component set.
// The designer previews with it, the portal completes tasks with it; the engine checks the same required fields.
import { useMemo } from 'react';
import { createForm } from '@formily/core';
import { FormProvider, Schema, createSchemaField, type ISchema } from '@formily/react';
// one module per component: the package index is marked as having side effects and would pull in every component
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

// A schema is data written by a designer and shown in every staff member's browser: its {{ }} expressions are never
// compiled to code (formily would use new Function). They come out as nothing; the content-security policy agrees.
Schema.registerCompiler(() => undefined);

const SchemaField = createSchemaField({
  components: { FormItem, FormGrid, Input, NumberPicker, Select, DatePicker, Checkbox, Radio, Switch, TextArea: Input.TextArea },
});

export type FormSchema = Record<string, unknown>;

const COMPONENT_BY_TYPE: Record<string, string> = { string: 'Input', number: 'NumberPicker', integer: 'NumberPicker', boolean: 'Switch' };

/** Fills in what a minimal schema leaves out: each field gets the FormItem decorator and a component for its type. */
export function normalizeFormSchema(schema: FormSchema): ISchema {
  const visit = (node: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...node };
    const type = typeof node.type === 'string' ? node.type : undefined;
    if (type && type !== 'object' && type !== 'void' && type !== 'array') {
      out['x-decorator'] ??= 'FormItem';
      out['x-component'] ??= COMPONENT_BY_TYPE[type] ?? 'Input';
    }
    if (node.properties && typeof node.properties === 'object') {
      out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, Record<string, unknown>>)
        .map(([k, v]) => [k, v && typeof v === 'object' ? visit(v) : v]));
    }
    return out;
  };
  return visit({ type: 'object', ...schema }) as ISchema;
}

export interface SchemaFormProps {
  schema: FormSchema;
  initialValues?: Record<string, unknown>;
  submitText?: string;
  /** Without it the form is a preview: no submit button. */
  onSubmit?(values: Record<string, unknown>): Promise<unknown> | void;
  disabled?: boolean;
  name?: string;
}

export function SchemaForm({ schema, initialValues, submitText, onSubmit, disabled, name }: SchemaFormProps) {
  const normalized = useMemo(() => normalizeFormSchema(schema), [schema]);
  const form = useMemo(() => createForm({ initialValues, disabled }), [normalized, initialValues, disabled]);
  return (
    <FormProvider form={form}>
      <form aria-label={name} onSubmit={(e) => e.preventDefault()}>
        <FormLayout layout="vertical">
          <SchemaField schema={normalized} />
          {onSubmit && (
            // a failed validation is shown beside its fields; nothing more to do with it
            <Submit onSubmit={(values: Record<string, unknown>) => onSubmit(values)} onSubmitFailed={() => undefined} disabled={disabled}>{submitText}</Submit>
          )}
        </FormLayout>
      </form>
    </FormProvider>
  );
}
