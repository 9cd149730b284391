// The user's own account: the step a session must do first (change a password an administrator reset, enrol the
// second factor the role requires), and the account page — enrol an authenticator app (TOTP: the secret is shown
// once, as text and as the otpauth:// URI the app reads or a QR code is made of, and confirmed with a first code),
// change the password, sign out everywhere.
import { useMemo, useState } from 'react';
import qrcode from 'qrcode-generator';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { api, ApiError } from './api';
import { useI18n } from './i18n';
import { ME_KEY, type Me } from './me';

function message(err: unknown, t: (zh: string, en: string) => string): string {
  if (err instanceof ApiError) {
    const details = err.details.map((d) => d.message).filter(Boolean);
    return details.length ? `${err.message}：${details.join('；')}` : err.message;
  }
  return t('网络错误，请重试', 'Network error, please retry');
}

/** The otpauth:// URI as a QR code an authenticator app scans (an image made in the browser; nothing leaves it). */
function UriQrCode({ uri }: { uri: string }) {
  const { t } = useI18n();
  const src = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(uri);
    qr.make();
    return qr.createDataURL(4, 4);
  }, [uri]);
  return <img src={src} alt={t('身份验证器二维码', 'Authenticator QR code')} data-testid="totp-qr" />;
}

/** Enrols an authenticator app: start (the secret shown once), then confirm with the app's first code. */
export function SecondFactorEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSecret(await api<{ secret: string; uri: string }>('/api/auth/second-factor/enrolment', { method: 'POST' }));
    } catch (err) {
      setError(message(err, t));
    } finally {
      setBusy(false);
    }
  }
  async function confirm(values: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/second-factor/enrolment/confirm', { method: 'POST', body: { code: values.code.trim() } });
      setDone(true);
      setSecret(null);
      await client.invalidateQueries({ queryKey: ME_KEY });
      onDone?.();
    } catch (err) {
      setError(message(err, t));
    } finally {
      setBusy(false);
    }
  }
  if (done) return <Alert type="success" data-testid="second-factor-enrolled" message={t('已绑定身份验证器，此后登录需输入动态验证码', 'Authenticator enrolled: every sign-in now asks for its code')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {!secret && <Button type="primary" onClick={start} loading={busy} data-testid="start-enrolment">{t('生成绑定密钥', 'Create a secret')}</Button>}
      {secret && (
        <>
          <Alert type="warning" message={t('密钥只显示这一次：请用身份验证器应用扫描或输入下面的内容，然后输入应用显示的验证码', 'The secret is shown this once: add it to your authenticator app, then enter the code it shows')} />
          <UriQrCode uri={secret.uri} />
          <Typography.Paragraph>
            {t('密钥', 'Secret')}：<Typography.Text code copyable data-testid="totp-secret">{secret.secret}</Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t('二维码内容', 'QR code text')}：<Typography.Text code copyable data-testid="totp-uri" style={{ wordBreak: 'break-all' }}>{secret.uri}</Typography.Text>
          </Typography.Paragraph>
          <Form layout="inline" onFinish={confirm} aria-label={t('确认绑定', 'Confirm enrolment')}>
            <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('请输入 6 位验证码', 'Enter the six-digit code') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="123456" data-testid="enrolment-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="confirm-enrolment">{t('确认绑定', 'Confirm')}</Button>
          </Form>
        </>
      )}
      {error && <Alert type="error" role="alert" message={error} />}
    </Space>
  );
}

/** Changes the own password: the current one, and a new one the policy accepts. */
export function PasswordChangeForm() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(values: { currentPassword: string; newPassword: string }) {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/password', { method: 'POST', body: values });
      setDone(true);
      await client.invalidateQueries({ queryKey: ME_KEY });
    } catch (err) {
      setError(message(err, t));
    } finally {
      setBusy(false);
    }
  }
  if (done) return <Alert type="success" data-testid="password-changed" message={t('密码已修改；其他设备上的登录已退出', 'Password changed; your other sessions were ended')} />;
  return (
    <Form layout="vertical" onFinish={submit} aria-label={t('修改密码', 'Change password')} style={{ maxWidth: 420 }}>
      <Form.Item label={t('当前密码', 'Current password')} name="currentPassword" rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item label={t('新密码', 'New password')} name="newPassword" rules={[{ required: true }]}
        extra={t('至少 12 个字符，含小写字母、大写字母、数字、其他字符中的三类；不能含用户名或为常见密码', 'At least 12 characters of three of: lower case, upper case, digits, others; not the username, not a common password')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={busy}>{t('修改密码', 'Change password')}</Button>
    </Form>
  );
}

/** What a session must do before anything else, in place of the page asked for. */
export function PendingStep({ me }: { me: Me }) {
  const { t } = useI18n();
  if (me.pendingStep === 'change-password') {
    return <Card title={t('请先修改密码', 'Change your password first')} data-testid="pending-change-password"><PasswordChangeForm /></Card>;
  }
  return (
    <Card title={t('请先绑定身份验证器（双因素认证）', 'Enrol an authenticator app (second factor) first')} data-testid="pending-enrolment">
      <SecondFactorEnrolment />
    </Card>
  );
}

/** The account page: the second factor, the password, every session. */
export function AccountSecurity({ me }: { me: Me }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [ended, setEnded] = useState<number | null>(null);
  async function everywhere() {
    const res = await api<{ sessionsEnded: number }>('/api/auth/logout-everywhere', { method: 'POST' });
    setEnded(res.sessionsEnded);
    client.setQueryData(ME_KEY, null);
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('身份验证器（双因素认证）', 'Authenticator app (second factor)')}>
        {me.secondFactor
          ? <Alert type="success" data-testid="second-factor-on" message={t('已绑定：登录时需输入动态验证码。如更换手机，请联系管理员重置。', 'Enrolled: every sign-in asks for its code. Lost the phone? Ask an administrator to reset it.')} />
          : <SecondFactorEnrolment />}
      </Card>
      <Card title={t('修改密码', 'Change password')}><PasswordChangeForm /></Card>
      <Card title={t('登录会话', 'Sessions')}>
        <Button danger onClick={everywhere} data-testid="logout-everywhere">{t('在所有设备上退出', 'Sign out everywhere')}</Button>
        {ended !== null && <p>{t(`已结束 ${ended} 个会话`, `${ended} sessions ended`)}</p>}
      </Card>
    </Space>
  );
}
