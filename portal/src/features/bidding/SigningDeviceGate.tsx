// What needs the bidder's certificate (sealing, signing, opening its share) asks for it here when the page holds none
// — after a reload the key file is chosen again, as a USB key would be plugged in again.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Space, Upload } from 'antd';
import { KeyFileAdapter, setSigningDevice, useI18n, useSigningDevice, type SigningDevice } from '@ggzy/web';

export function SigningDeviceGate({ children }: { children: (device: SigningDevice) => ReactNode }) {
  const { t } = useI18n();
  const device = useSigningDevice();
  const [error, setError] = useState<string | null>(null);
  if (device) return <>{children(device)}</>;
  async function choose(file: File) {
    setError(null);
    try {
      const adapter = await KeyFileAdapter.fromFile(file);
      const entry = (await adapter.list())[0];
      if (entry) setSigningDevice({ adapter, entry });
    } catch {
      setError(t('无法读取该证书文件（需包含证书与 PKCS#8 私钥）', 'Cannot read this key file (a certificate and a PKCS#8 private key are needed)'));
    }
  }
  return (
    <Space direction="vertical" data-testid="signing-device-needed">
      <Alert type="info" message={t('请选择登录所用的数字证书文件：投标文件用它加密和签名，开标时用它解密。私钥只在本浏览器中使用。',
        'Choose the key file you signed in with: the bid is sealed and signed with it, and decrypted with it at the opening. The private key stays in this browser.')} />
      <Upload accept=".pem,.key,.txt" maxCount={1} showUploadList={false} beforeUpload={(file) => { void choose(file); return false; }}>
        <Button data-testid="choose-signing-key">{t('选择证书文件', 'Choose key file')}</Button>
      </Upload>
      {error && <Alert type="error" role="alert" message={error} />}
    </Space>
  );
}
