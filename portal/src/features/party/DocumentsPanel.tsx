// The tender documents: registered bidders download them (each download is recorded and gets a receipt); the tenderee
// or its agency publishes them with the deposit each section asks for: the file goes up through the resumable uploads
// (its SHA-256 computed here and checked by the server), then the publication names it by that digest.
import { useState } from 'react';
import { Button, Form, InputNumber, List, Progress, Space, Typography, Upload } from 'antd';
import { api, chinaTime, uploadDocument, useI18n } from '@ggzy/web';
import { useAct } from './act';
import type { PartyDeal } from './types';

const MEDIA_TYPES: Record<string, string> = { pdf: 'application/pdf', zip: 'application/zip', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', txt: 'text/plain' };


function PublishForm({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [deposits, setDeposits] = useState<Record<string, number | null>>(
    Object.fromEntries(deal.sections.map((s) => [s.sectionCode, s.depositRequiredFen === null ? null : s.depositRequiredFen / 100])));
  const [sent, setSent] = useState<number | null>(null);
  const publish = useAct(deal.dealCode, async () => {
    const uploaded = await uploadDocument(file!, setSent);
    return api(`/api/party/deals/${deal.dealCode}/tender-documents`, {
      method: 'POST',
      body: {
        fileName: file!.name, mediaType: MEDIA_TYPES[file!.name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream', sha256: uploaded.sha256,
        deposits: Object.entries(deposits).filter(([, y]) => y !== null).map(([sectionCode, y]) => ({ sectionCode, depositFen: Math.round(y! * 100) })),
      },
    });
  }, t('招标文件已发布', 'Tender documents published'));
  return (
    <Form layout="vertical" data-testid="publish-documents">
      <Form.Item label={t('招标文件', 'Tender documents')}>
        <Upload beforeUpload={(f) => { setFile(f); return false; }} maxCount={1} onRemove={() => setFile(null)}>
          <Button>{t('选择文件', 'Choose a file')}</Button>
        </Upload>
      </Form.Item>
      {deal.sections.map((s) => (
        <Form.Item key={s.sectionCode} label={`${s.name} ${t('保证金（元）', 'deposit (yuan)')}`}>
          <InputNumber min={0} precision={2} value={deposits[s.sectionCode]} onChange={(v) => setDeposits({ ...deposits, [s.sectionCode]: v })} style={{ width: 200 }} />
        </Form.Item>
      ))}
      {sent !== null && publish.isPending && <Progress percent={Math.round(sent * 100)} size="small" data-testid="documents-upload-progress" />}
      <Button type="primary" disabled={!file} loading={publish.isPending} onClick={() => publish.mutate(undefined)}>{t('发布招标文件', 'Publish')}</Button>
    </Form>
  );
}

export function DocumentsPanel({ deal }: { deal: PartyDeal }) {
  const { t } = useI18n();
  const organiser = deal.roles.includes('tenderee') || deal.roles.includes('agency');
  if (deal.documents === null) return <Typography.Text type="secondary">{t('报名后可下载招标文件。', 'Register to download the tender documents.')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <List size="small" bordered dataSource={deal.documents} data-testid="tender-documents" locale={{ emptyText: t('尚未发布招标文件', 'No tender documents yet') }}
        renderItem={(d) => (
          <List.Item actions={[<a key="get" href={`/api/party/deals/${deal.dealCode}/documents/${d.id}`} download={d.fileName} data-testid={`download-${d.id}`}>{t('下载', 'Download')}</a>]}>
            <List.Item.Meta title={d.fileName} description={<>{chinaTime(d.createdAt)} · {Math.ceil(d.sizeBytes / 1024)} KiB · SHA-256 <code>{d.sha256}</code></>} />
          </List.Item>
        )} />
      {organiser && deal.openForBidding && <PublishForm deal={deal} />}
    </Space>
  );
}
