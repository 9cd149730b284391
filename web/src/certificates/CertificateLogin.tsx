// 证书登录: the party picks its certificate (here: a key file; with a USB key, the driver's list), the page asks the
// api for a challenge, checks it names this site, has the adapter sign it and sends certificate and signature.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Upload } from 'antd';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';
import { ME_KEY, type Me } from '../me';
import { challengeOrigin, type CertificateAdapter, type CertificateEntry } from './adapter';
import { KeyFileAdapter } from './key-file-adapter';
import { setSigningDevice } from './device';

interface Challenge { challengeId: string; text: string; expiresAt: string }

export function CertificateLogin() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [adapter, setAdapter] = useState<CertificateAdapter | null>(null);
  const [entry, setEntry] = useState<CertificateEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(file: File) {
    setError(null);
    try {
      const chosen = await KeyFileAdapter.fromFile(file);
      setAdapter(chosen);
      setEntry((await chosen.list())[0] ?? null);
    } catch {
      setAdapter(null);
      setEntry(null);
      setError(t('无法读取该证书文件（需包含证书与 PKCS#8 私钥）', 'Cannot read this key file (a certificate and a PKCS#8 private key are needed)'));
    }
  }

  async function signIn() {
    if (!adapter || !entry) return;
    setBusy(true);
    setError(null);
    try {
      const challenge = await api<Challenge>('/api/auth/certificate/challenge', { method: 'POST' });
      if (challengeOrigin(challenge.text) !== window.location.origin) {
        throw new Error(t('登录挑战不是本站发出的，已拒绝签名', 'The challenge was not issued for this site; not signed'));
      }
      const signature = await adapter.sign(entry.id, challenge.text);
      const session = await api<{ user: Me }>('/api/auth/certificate/sign-in', {
        method: 'POST', body: { challengeId: challenge.challengeId, certificate: entry.certificatePem, signature },
      });
      setSigningDevice({ adapter, entry });
      client.setQueryData(ME_KEY, session.user);
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : t('网络错误，请重试', 'Network error, please retry'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div aria-label={t('证书登录', 'Certificate sign-in')}>
      <p>{t('选择您的数字证书文件（证书与私钥，PEM 格式）。私钥只在本浏览器中使用，不会上传。', 'Choose your certificate key file (certificate and private key, PEM). The private key is used in this browser only and never uploaded.')}</p>
      <Upload accept=".pem,.key,.txt" maxCount={1} showUploadList={false} beforeUpload={(file) => { void choose(file); return false; }}>
        <Button data-testid="choose-key-file">{t('选择证书文件', 'Choose key file')}</Button>
      </Upload>
      {entry && (
        <Descriptions size="small" column={1} bordered style={{ margin: '16px 0' }} data-testid="chosen-certificate">
          <Descriptions.Item label={t('持有人', 'Holder')}>{entry.subject.CN}（{entry.subject.O}）</Descriptions.Item>
          <Descriptions.Item label={t('颁发机构', 'Issuer')}>{entry.issuer.O ?? entry.issuer.CN}</Descriptions.Item>
          <Descriptions.Item label={t('算法', 'Algorithm')}>{entry.algorithm === 'sm2' ? 'SM2 / SM3' : 'ECDSA P-256 / SHA-256'}</Descriptions.Item>
          <Descriptions.Item label={t('有效期', 'Valid')}>{entry.validFrom.slice(0, 10)} — {entry.validUntil.slice(0, 10)}</Descriptions.Item>
        </Descriptions>
      )}
      {error && <Alert type="error" role="alert" message={error} style={{ margin: '16px 0' }} />}
      <Button type="primary" block disabled={!entry} loading={busy} onClick={() => void signIn()} data-testid="certificate-sign-in">
        {t('签名并进入', 'Sign and enter')}
      </Button>
    </div>
  );
}
