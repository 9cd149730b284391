// A document a form refers to, uploaded through the resumable uploads: the browser computes the SHA-256 and the
// server checks the bytes against it; the field holds that digest. Nobody types a hash.
import { useState } from 'react';
import { Button, Progress, Space, Typography, Upload } from 'antd';
import { uploadDocument } from '../uploads';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

export function FileUpload({ value, onChange, disabled, accept }: { value?: string | null; onChange?(sha256: string | undefined): void; disabled?: boolean; accept?: string }) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Upload accept={accept} showUploadList={false} disabled={disabled || progress !== null} customRequest={async ({ file }) => {
        const chosen = file as File;
        setError(null);
        setProgress(0);
        try {
          const uploaded = await uploadDocument(chosen, (sent) => setProgress(Math.round(sent * 100)));
          setName(uploaded.name);
          onChange?.(uploaded.sha256);
        } catch (err) {
          setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
        } finally {
          setProgress(null);
        }
      }}>
        <Button disabled={disabled || progress !== null}>{value ? t('重新上传', 'Upload another') : t('选择文件上传', 'Choose a file to upload')}</Button>
      </Upload>
      {progress !== null && <Progress percent={progress} size="small" />}
      {value && (
        <Typography.Text type="secondary" data-testid="uploaded-file">
          {name ? `${name} · ` : ''}SHA-256 <Typography.Text code copyable={{ text: value }}>{value.slice(0, 16)}…</Typography.Text>
        </Typography.Text>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}
