// Forms of user tasks and start forms: one formily JSON schema per form key, built field by field or edited as JSON, with a live
// preview rendered by the same component set the portal completes tasks with.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Form, Input, List, Select, Space, Typography } from 'antd';
import { useI18n } from '@ggzy/web';
import { SchemaForm, type FormSchema } from '@ggzy/web/schema-form';

export type Forms = Record<string, FormSchema>;

const FIELD_TYPES: Array<{ value: string; zh: string; en: string; schema: Record<string, unknown> }> = [
  { value: 'text', zh: '单行文本', en: 'Text', schema: { type: 'string', 'x-component': 'Input' } },
  { value: 'textarea', zh: '多行文本', en: 'Long text', schema: { type: 'string', 'x-component': 'TextArea' } },
  { value: 'number', zh: '数字', en: 'Number', schema: { type: 'number', 'x-component': 'NumberPicker' } },
  { value: 'date', zh: '日期', en: 'Date', schema: { type: 'string', 'x-component': 'DatePicker' } },
  { value: 'boolean', zh: '是/否', en: 'Yes/no', schema: { type: 'boolean', 'x-component': 'Switch' } },
  { value: 'select', zh: '下拉选择', en: 'Choice', schema: { type: 'string', 'x-component': 'Select' } },
  // the platform's own fields (web/src/form-fields), checked by the server with the same schema
  { value: 'money', zh: '金额（元，存为分）', en: 'Amount (yuan, kept in fen)', schema: { type: 'integer', 'x-component': 'MoneyYuan', minimum: 0 } },
  { value: 'workday', zh: '工作日日期', en: 'Working day', schema: { type: 'string', format: 'date', 'x-component': 'WorkdayDatePicker' } },
  { value: 'datetime', zh: '工作日日期时间', en: 'Working day and time', schema: { type: 'string', format: 'date-time', 'x-component': 'WorkdayDatePicker', 'x-component-props': { showTime: true } } },
  { value: 'subject', zh: '主体（主体库）', en: 'Subject (library)', schema: {
    type: 'object', 'x-component': 'SubjectPicker',
    properties: { creditCode: { type: 'string', title: '统一社会信用代码', required: true, 'x-validator': 'creditCode' }, name: { type: 'string', title: '名称', required: true } },
  } },
  { value: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', schema: { type: 'string', 'x-component': 'Input', 'x-validator': 'creditCode' } },
  { value: 'file', zh: '上传文件（记录 SHA-256）', en: 'File upload (keeps its SHA-256)', schema: { type: 'string', 'x-component': 'FileUpload', 'x-validator': 'sha256' } },
  { value: 'specialty', zh: '专家专业', en: 'Expert specialty', schema: { type: 'string', 'x-component': 'SpecialtyPicker' } },
  { value: 'room', zh: '场地', en: 'Room', schema: { type: 'string', 'x-component': 'RoomPicker' } },
];

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,199}$/;
const FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

function FieldBuilder({ onAdd }: { onAdd(name: string, schema: Record<string, unknown>): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  return (
    <Form form={form} layout="inline" aria-label={t('添加字段', 'Add a field')} initialValues={{ type: 'text', required: false }}
      onFinish={(v: { name: string; title: string; type: string; required: boolean; options?: string }) => {
        const base = FIELD_TYPES.find((f) => f.value === v.type)!.schema;
        const schema: Record<string, unknown> = { ...base, title: v.title, 'x-decorator': 'FormItem', ...(v.required ? { required: true } : {}) };
        if (v.type === 'select') schema.enum = (v.options ?? '').split(/[,，]/).map((s) => s.trim()).filter(Boolean).map((s) => ({ label: s, value: s }));
        onAdd(v.name, schema);
        form.resetFields();
      }}>
      <Form.Item name="name" rules={[{ required: true, pattern: FIELD_PATTERN, message: t('字段名：字母开头，字母数字下划线', 'Field name: a letter, then letters, digits, _') }]}>
        <Input placeholder={t('字段名（如 projectName）', 'Field name (e.g. projectName)')} aria-label={t('字段名', 'Field name')} />
      </Form.Item>
      <Form.Item name="title" rules={[{ required: true, message: t('请输入标题', 'Enter a title') }]}>
        <Input placeholder={t('标题（如 项目名称）', 'Title (e.g. Project name)')} aria-label={t('字段标题', 'Field title')} />
      </Form.Item>
      <Form.Item name="type"><Select style={{ width: 190 }} options={FIELD_TYPES.map((f) => ({ value: f.value, label: t(f.zh, f.en) }))} aria-label={t('字段类型', 'Field type')} /></Form.Item>
      <Form.Item noStyle shouldUpdate>{() => form.getFieldValue('type') === 'select' && (
        <Form.Item name="options"><Input placeholder={t('选项，逗号分隔', 'Options, comma separated')} /></Form.Item>
      )}</Form.Item>
      <Form.Item name="required" valuePropName="checked"><Checkbox>{t('必填', 'Required')}</Checkbox></Form.Item>
      <Button htmlType="submit">{t('添加字段', 'Add field')}</Button>
    </Form>
  );
}

function SchemaText({ schema, onChange }: { schema: FormSchema; onChange(schema: FormSchema): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(schema, null, 2));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(schema)) return current;
      } catch { /* being edited: replace with the schema */ }
      return JSON.stringify(schema, null, 2);
    });
  }, [schema]);
  return (
    <>
      <Input.TextArea aria-label={t('表单 JSON Schema', 'Form JSON schema')} value={text} autoSize={{ minRows: 10, maxRows: 28 }} spellCheck={false}
        style={{ fontFamily: 'monospace', fontSize: 13 }}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed = JSON.parse(e.target.value) as unknown;
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(t('必须是 JSON 对象', 'must be a JSON object'));
            setError(null);
            onChange(parsed as FormSchema);
          } catch (err) {
            setError((err as Error).message);
          }
        }} />
      {error && <Alert type="error" message={`${t('JSON 有误', 'Invalid JSON')}：${error}`} style={{ marginTop: 8 }} />}
    </>
  );
}

export function FormEditor({ forms, onChange }: { forms: Forms; onChange(forms: Forms): void }) {
  const { t } = useI18n();
  const keys = Object.keys(forms).sort();
  const [selected, setSelected] = useState<string | null>(keys[0] ?? null);
  const [newKey, setNewKey] = useState('');
  const current = selected && forms[selected] ? selected : (keys[0] ?? null);
  const schema = current ? forms[current]! : null;
  const keyValid = KEY_PATTERN.test(newKey) && !forms[newKey];

  return (
    <div className="form-editor">
      <Card size="small" title={t('表单', 'Forms')} className="form-list">
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input placeholder={t('表单编号（如 registration.review）', 'Form key (e.g. registration.review)')} value={newKey} aria-label={t('新表单编号', 'New form key')}
            onChange={(e) => setNewKey(e.target.value.trim())} status={newKey && !keyValid ? 'error' : undefined} />
          <Button type="primary" disabled={!keyValid} onClick={() => {
            onChange({ ...forms, [newKey]: { type: 'object', properties: {} } });
            setSelected(newKey);
            setNewKey('');
          }}>{t('新建表单', 'New form')}</Button>
        </Space.Compact>
        <List size="small" dataSource={keys} locale={{ emptyText: t('尚无表单', 'No forms yet') }}
          renderItem={(key) => (
            <List.Item className={key === current ? 'selected' : undefined} onClick={() => setSelected(key)} style={{ cursor: 'pointer' }}
              actions={[<Button key="rm" size="small" danger type="link" onClick={(e) => {
                e.stopPropagation();
                const { [key]: _removed, ...rest } = forms;
                onChange(rest);
              }}>{t('删除', 'Delete')}</Button>]}>
              <Typography.Text strong={key === current}>{key}</Typography.Text>
            </List.Item>
          )} />
      </Card>
      {current && schema ? (
        <>
          <Card size="small" title={`${t('编辑', 'Edit')}：${current}`} className="form-schema">
            <FieldBuilder onAdd={(name, field) => onChange({
              ...forms, [current]: { ...schema, type: 'object', properties: { ...((schema.properties as object) ?? {}), [name]: field } },
            })} />
            <div style={{ marginTop: 12 }}>
              <SchemaText key={current} schema={schema} onChange={(next) => onChange({ ...forms, [current]: next })} />
            </div>
          </Card>
          <Card size="small" title={t('预览', 'Preview')} className="form-preview" data-testid="form-preview">
            <SchemaForm schema={schema} name={current} />
          </Card>
        </>
      ) : (
        <Card><Empty description={t('新建一个表单，再在人工任务的“表单”中选择它', 'Create a form, then choose it as a user task\'s form')} /></Card>
      )}
    </div>
  );
}
