// Registering a subject or changing its record (主体注册/变更): the application waits for review by another member of
// staff. Credit codes and identity card numbers are checked as they are typed; the server checks them again.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { isValidCreditCode } from '@ggzy/domain/credit-code';
import { api, ApiError, useI18n } from '@ggzy/web';
import { kindLabel, personRoleLabel } from './labels';

/** GB 11643-1999: 17 digits and a MOD 11-2 check character. */
export function idNumberValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return '10X98765432'[weights.reduce((s, w, i) => s + w * Number(id[i]), 0) % 11] === id[17];
}

interface FormValues {
  creditCode: string; name?: string; kind?: string; legalRepresentative?: string; address?: string; establishedOn?: { format(f: string): string };
  registeredCapitalYuan?: number; basicAccount?: string;
  people?: Array<{ name: string; role: string; idNumber?: string; mobile?: string }>;
  qualifications?: Array<{ kind: string; grade: string; certificateNo: string; validUntil?: { format(f: string): string } }>;
}

const blankToUndefined = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

export function ApplicationDialog({ onClose, creditCode }: { onClose(): void; creditCode?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const submit = useMutation({
    mutationFn: (v: FormValues) => api('/api/subject-applications', {
      method: 'POST',
      body: {
        creditCode: v.creditCode.trim().toUpperCase(),
        changes: {
          subject: Object.fromEntries(Object.entries({
            name: blankToUndefined(v.name), kind: v.kind, legalRepresentative: blankToUndefined(v.legalRepresentative), address: blankToUndefined(v.address),
            establishedOn: v.establishedOn?.format('YYYY-MM-DD'), basicAccount: blankToUndefined(v.basicAccount),
            registeredCapitalFen: v.registeredCapitalYuan === undefined || v.registeredCapitalYuan === null ? undefined : Math.round(v.registeredCapitalYuan * 100),
          }).filter(([, x]) => x !== undefined)),
          people: (v.people ?? []).map((p) => ({ name: p.name.trim(), role: p.role, idNumber: blankToUndefined(p.idNumber)?.toUpperCase(), mobile: blankToUndefined(p.mobile) })),
          qualifications: (v.qualifications ?? []).map((q) => ({ kind: q.kind.trim(), grade: q.grade.trim(), certificateNo: q.certificateNo.trim(), validUntil: q.validUntil?.format('YYYY-MM-DD') })),
        },
      },
    }),
    onSuccess: async () => {
      message.success(t('申请已提交，等待审核', 'Filed; it waits for review'));
      await client.invalidateQueries({ queryKey: ['subjects'] });
      await client.invalidateQueries({ queryKey: ['subject'] });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.details.length > 0) {
        // the server's field paths (body.changes.people.0.idNumber …) back onto the form's fields
        form.setFields(err.details.flatMap((d) => {
          const path = d.path.replace(/^body\.(changes\.(subject\.)?)?/, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
          return path[0] ? [{ name: path as never, errors: [d.message] }] : [];
        }));
      }
      message.error(err instanceof ApiError ? err.message : String(err));
    },
  });
  return (
    <Modal open width={760} title={creditCode ? t('主体信息变更', 'Change a subject\'s record') : t('主体登记', 'Register a subject')} onCancel={onClose}
      okText={t('提交审核', 'Submit for review')} cancelText={t('取消', 'Cancel')} confirmLoading={submit.isPending} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" initialValues={{ creditCode }} onFinish={(v) => submit.mutate(v)} data-testid="subject-application">
        <Form.Item name="creditCode" label={t('统一社会信用代码', 'Unified social credit code')} normalize={(v: string) => v?.toUpperCase()}
          rules={[{ required: true, message: t('请填写统一社会信用代码', 'Enter the credit code') },
            { validator: (_r, v: string) => (!v || isValidCreditCode(v) ? Promise.resolve() : Promise.reject(new Error(t('统一社会信用代码不正确（校验位不符）', 'Not a valid credit code (check character)')))) }]}>
          <Input maxLength={18} disabled={!!creditCode} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="name" label={t('名称', 'Name')} rules={creditCode ? [] : [{ required: true, message: t('请填写名称', 'Enter the name') }]}><Input style={{ width: 320 }} /></Form.Item>
          <Form.Item name="kind" label={t('主体类型', 'Kind')} rules={creditCode ? [] : [{ required: true, message: t('请选择主体类型', 'Choose the kind') }]}>
            <Select style={{ width: 160 }} options={['bidder', 'tenderee', 'agent', 'supplier'].map((k) => ({ value: k, label: kindLabel(k, t) }))} />
          </Form.Item>
          <Form.Item name="legalRepresentative" label={t('法定代表人', 'Legal representative')}><Input style={{ width: 160 }} /></Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="establishedOn" label={t('成立日期', 'Established on')}><DatePicker /></Form.Item>
          <Form.Item name="registeredCapitalYuan" label={t('注册资本（元）', 'Registered capital (yuan)')}>
            <InputNumber<number> min={0} precision={2} style={{ width: 200 }} formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} parser={(v) => Number((v ?? '').replace(/,/g, ''))} />
          </Form.Item>
          <Form.Item name="basicAccount" label={t('基本账户账号', 'Basic account number')} rules={[{ pattern: /^\d{8,32}$/, message: t('8 至 32 位数字', '8 to 32 digits') }]}><Input style={{ width: 220 }} /></Form.Item>
        </Space>
        <Form.Item name="address" label={t('住所', 'Address')}><Input /></Form.Item>

        <Typography.Title level={5}>{t('人员', 'People')}</Typography.Title>
        <Form.List name="people">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('姓名', 'Name') }]}><Input placeholder={t('姓名', 'Name')} style={{ width: 110 }} /></Form.Item>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('职务', 'Role') }]}>
                    <Select placeholder={t('职务', 'Role')} style={{ width: 140 }} options={['legal_representative', 'project_manager', 'contact', 'authorized_agent'].map((r) => ({ value: r, label: personRoleLabel(r, t) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'idNumber']} normalize={(v: string) => v?.toUpperCase()}
                    rules={[{ validator: (_r, v: string) => (!v || idNumberValid(v) ? Promise.resolve() : Promise.reject(new Error(t('身份证号码不正确', 'Not a valid identity card number')))) }]}>
                    <Input placeholder={t('身份证号码', 'Identity card number')} maxLength={18} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'mobile']} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('手机号码不正确', 'Not a mobile number') }]}>
                    <Input placeholder={t('手机号码', 'Mobile')} style={{ width: 140 }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('删除', 'Remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({ role: 'contact' })}>{t('添加人员', 'Add a person')}</Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('资质', 'Qualifications')}</Typography.Title>
        <Form.List name="qualifications">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: t('资质类别', 'Kind') }]}><Input placeholder={t('资质类别', 'Kind')} style={{ width: 200 }} /></Form.Item>
                  <Form.Item name={[f.name, 'grade']} rules={[{ required: true, message: t('等级', 'Grade') }]}><Input placeholder={t('等级', 'Grade')} style={{ width: 80 }} /></Form.Item>
                  <Form.Item name={[f.name, 'certificateNo']} rules={[{ required: true, message: t('证书编号', 'Certificate no.') }]}><Input placeholder={t('证书编号', 'Certificate no.')} style={{ width: 150 }} /></Form.Item>
                  <Form.Item name={[f.name, 'validUntil']}><DatePicker placeholder={t('有效期至', 'Valid until')} /></Form.Item>
                  <Button onClick={() => remove(f.name)}>{t('删除', 'Remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add()}>{t('添加资质', 'Add a qualification')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
