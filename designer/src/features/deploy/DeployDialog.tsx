// Deploy: the diagram and its forms as a new version for a region; the compiler's refusals come back per element.
import { useState } from 'react';
import { Alert, List, Modal, Select, Typography } from 'antd';
import { api, ApiError, type ErrorDetail, useI18n, regionName, type Me } from '@ggzy/web';
import type { Forms } from '../forms/FormEditor';

interface Deployed { definition: { key: string; regionCode: string; version: number; hash: string }; status: 'pending' | 'active' | 'rejected'; created: boolean }

export function DeployDialog({ me, open, onClose, getXml, forms, onSelectElement }: {
  me: Me; open: boolean; onClose(): void; getXml(): Promise<string>; forms: Forms; onSelectElement(id: string): void;
}) {
  const { t } = useI18n();
  const [region, setRegion] = useState(me.visibleRegions.includes('990100') ? '990100' : me.regionCode);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Deployed | null>(null);
  const [refused, setRefused] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  async function deploy() {
    setBusy(true);
    setDone(null);
    setRefused(null);
    try {
      const xml = await getXml();
      setDone(await api<Deployed>('/api/process-definitions', { method: 'POST', body: { xml, forms, regionCode: region } }));
    } catch (err) {
      setRefused(err instanceof ApiError ? { message: err.message, details: err.details } : { message: String(err), details: [] });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={open} title={t('部署流程', 'Deploy the procedure')} okText={t('部署', 'Deploy')} cancelText={t('关闭', 'Close')}
      onOk={deploy} confirmLoading={busy} onCancel={() => { setDone(null); setRefused(null); onClose(); }} okButtonProps={{ id: 'deploy-confirm' }}>
      <p>{t('部署到地区：', 'Deploy for region:')}</p>
      <Select value={region} onChange={setRegion} style={{ width: '100%' }} aria-label={t('地区', 'Region')}
        options={me.visibleRegions.map((r) => ({ value: r, label: regionName(r, t) }))} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('省级部署是各市的默认流程；市级部署优先于省级。已部署的版本不可更改，运行中的交易保持原版本。新版本须经另一名设计员或系统管理员审核（双人复核）后才用于新交易。',
          'A provincial deployment is every city\'s default; a city\'s own wins. Versions never change; running deals keep theirs. A new version starts new deals once another designer or the system administrator approves it (four eyes).')}
      </Typography.Paragraph>
      {done && (
        <Alert type="success" role="status" data-testid="deploy-result"
          message={done.created
            ? t(`已部署：${done.definition.key} 第 ${done.definition.version} 版（${done.definition.regionCode}），待另一名设计员或系统管理员审核后生效`,
              `Deployed: ${done.definition.key} version ${done.definition.version} (${done.definition.regionCode}); it takes effect once another designer or the system administrator approves it`)
            : t(`内容未变，沿用第 ${done.definition.version} 版`, `Unchanged: version ${done.definition.version} stays`)} />
      )}
      {refused && (
        <Alert type="error" role="alert" data-testid="deploy-errors" message={refused.message} description={refused.details.length > 0 && (
          <List size="small" dataSource={refused.details} renderItem={(d) => (
            <List.Item style={{ cursor: d.path !== '(document)' ? 'pointer' : undefined }} onClick={() => d.path !== '(document)' && onSelectElement(d.path)}>
              <Typography.Text code>{d.path}</Typography.Text> {d.message}
            </List.Item>
          )} />
        )} />
      )}
    </Modal>
  );
}
