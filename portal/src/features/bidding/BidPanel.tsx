// 投标文件递交: the bidder enters its price in 元 (kept in 分), duration and commitments, uploads its bid documents
// (digested in the browser, checked by the server) and seals the whole in this browser before sending it; the
// receipt (回执) shows the version, the sealed envelope's SHA-256 and the time. Sent again before the deadline, it
// replaces the bid as a new version. The price is never sent in clear.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Progress, Space, Table, Upload } from 'antd';
import { ApiError, chinaTime, uploadDocument, useI18n, yuan, type SigningDevice, type UploadedDocument } from '@ggzy/web';
import { fenOf, sealAndSubmit, type SubmissionReceipt } from './seal';
import type { HallState } from './hall';

const withSeparators = (value: string | undefined) => {
  if (!value) return '';
  const [whole, decimals] = value.split('.');
  return `${(whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${decimals !== undefined ? `.${decimals}` : ''}`;
};

export function BidPanel({ dealCode, sectionCode, bidder, device, hall }: {
  dealCode: string; sectionCode: string; bidder: string; device: SigningDevice; hall: HallState | null;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [price, setPrice] = useState<string | null>(null);
  const [duration, setDuration] = useState<number | null>(null);
  const [commitments, setCommitments] = useState('');
  const [documents, setDocuments] = useState<UploadedDocument[]>([]);
  const [uploading, setUploading] = useState<{ name: string; share: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<SubmissionReceipt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const priceFen = fenOf(price);
  const current = hall?.mySubmission ?? null;

  async function upload(file: File) {
    setError(null);
    setUploading({ name: file.name, share: 0 });
    try {
      const done = await uploadDocument(file, (share) => setUploading({ name: file.name, share }));
      setDocuments((list) => [...list.filter((d) => d.sha256 !== done.sha256), done]);
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setUploading(null);
    }
  }

  async function submit() {
    if (priceFen === null) return;
    setBusy(true);
    setError(null);
    setReceipt(null);
    try {
      const lines = commitments.split('\n').map((c) => c.trim()).filter(Boolean);
      const answer = await sealAndSubmit({
        dealCode, sectionCode, bidder, device,
        content: { priceFen, ...(duration ? { durationDays: duration } : {}), ...(lines.length ? { commitments: lines } : {}), documents },
      });
      setReceipt(answer);
      await client.invalidateQueries({ queryKey: ['party'] }); // the deal page's receipts
      message.success(t('投标文件已加密递交，回执已生成', 'The bid is sealed and submitted; your receipt is below'));
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`bid-panel-${sectionCode}`}>
      <Alert type="info" showIcon message={t('投标报价等内容在本浏览器中用开标密钥和您的数字证书双重加密后递交，开标前任何人（包括平台）都无法查看。',
        'Your bid is sealed in this browser to the opening key and to your certificate (double encryption): before the opening no one, the platform included, can read it.')} />
      {current && (
        <Alert type="success" data-testid={`current-bid-${sectionCode}`} message={
          `${t('已递交第', 'Submitted: version')} ${current.version} ${t('版', '')}（${chinaTime(current.submittedAt)}）${t('；截止前可重新递交替换', '; you may replace it before the deadline')}`} />
      )}
      <Form layout="vertical" style={{ maxWidth: 720 }}>
        <Form.Item label={t('投标报价（元）', 'Price (yuan)')} required help={priceFen !== null ? `${yuan(priceFen)}` : undefined}>
          <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 320 }} value={price} onChange={setPrice}
            formatter={(v) => withSeparators(v)} parser={(v) => (v ?? '').replace(/[,\s¥]/g, '')} data-testid="bid-price" placeholder="0.00" />
        </Form.Item>
        <Form.Item label={t('工期（日历天）', 'Duration (days)')}>
          <InputNumber min={1} max={3650} precision={0} value={duration} onChange={(v) => setDuration(v)} data-testid="bid-duration" />
        </Form.Item>
        <Form.Item label={t('承诺（每行一项）', 'Commitments (one per line)')}>
          <Input.TextArea rows={3} value={commitments} onChange={(e) => setCommitments(e.target.value)} data-testid="bid-commitments" />
        </Form.Item>
        <Form.Item label={t('投标文件', 'Bid documents')}>
          <Upload multiple showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }} disabled={!!uploading}>
            <Button data-testid="bid-document" loading={!!uploading}>{t('上传文件', 'Upload a file')}</Button>
          </Upload>
          {uploading && <div data-testid="upload-progress">{uploading.name} <Progress percent={Math.round(uploading.share * 100)} size="small" /></div>}
          {documents.length > 0 && (
            <Table size="small" rowKey="sha256" pagination={false} dataSource={documents} data-testid="bid-documents" style={{ marginTop: 8 }}
              columns={[
                { title: t('文件', 'File'), dataIndex: 'name' },
                { title: t('大小（字节）', 'Bytes'), dataIndex: 'sizeBytes' },
                { title: 'SHA-256', dataIndex: 'sha256', render: (v: string) => <code>{v}</code> },
                { title: '', render: (_: unknown, d: UploadedDocument) => <Button size="small" type="link" onClick={() => setDocuments((l) => l.filter((x) => x !== d))}>{t('移除', 'Remove')}</Button> },
              ]} />
          )}
        </Form.Item>
        {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" disabled={priceFen === null || !!uploading} loading={busy} onClick={() => void submit()} data-testid="seal-and-submit">
          {current ? t('重新加密并递交（替换）', 'Seal and submit again (replace)') : t('加密并递交', 'Seal and submit')}
        </Button>
      </Form>
      {receipt && (
        <Descriptions size="small" bordered column={1} title={t('投标回执', 'Bid receipt')} data-testid={`bid-receipt-${sectionCode}`}>
          <Descriptions.Item label={t('版本', 'Version')}><span data-testid="receipt-version">{receipt.version}</span></Descriptions.Item>
          <Descriptions.Item label={t('投标文件封装 SHA-256', 'Sealed bid SHA-256')}><code data-testid="receipt-envelope">{receipt.envelopeSha256}</code></Descriptions.Item>
          <Descriptions.Item label={t('递交时间', 'Submitted')}>{chinaTime(receipt.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('回执哈希 (SHA-256)', 'Receipt hash (SHA-256)')}><code>{receipt.receipt.sha256}</code></Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}
