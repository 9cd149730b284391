// The user's own account: the step a session must do first (change a password an administrator reset, enrol the
// second factor the role requires), and the account page — enrol an authenticator app (TOTP: the secret is shown
// once, as text and as the otpauth:// URI the app reads or a QR code is made of, and confirmed with a first code),
// change the password, sign out everywhere. At enrolment, and when the user makes new ones, ten one-time recovery codes
// are shown once, to copy or download: each stands in for the authenticator's code at one sign-in.
import { useMemo, useState } from 'react';
import qrcode from 'qrcode-generator';
import { useQuery, useQueryClient } from '@tanstack/react-query';
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

/** The recovery codes, shown this once: copy them, download them as a text file, then say they are kept. */
function RecoveryCodesShown({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const { t } = useI18n();
  const text = codes.join('\n');
  function download() {
    const url = URL.createObjectURL(new Blob([`${t('公共资源交易平台 恢复码（每个只能使用一次）', 'Recovery codes (each works once)')}\n${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="recovery-codes-shown">
      <Alert type="warning" message={t('请妥善保存以下 10 个恢复码：手机不在身边时，每个恢复码可代替动态验证码登录一次。恢复码只显示这一次。',
        'Keep these 10 recovery codes safe: without your phone, each one stands in for the code at one sign-in. They are shown this once.')} />
      <pre data-testid="recovery-codes" style={{ fontFamily: 'monospace', fontSize: 16, columns: 2, maxWidth: 360 }}>{text}</pre>
      <Space wrap>
        <Typography.Text copyable={{ text, tooltips: [t('复制全部', 'Copy all'), t('已复制', 'Copied')] }}>{t('复制', 'Copy')}</Typography.Text>
        <Button onClick={download} data-testid="download-recovery-codes">{t('下载为文本文件', 'Download as a text file')}</Button>
        <Button type="primary" onClick={onSaved} data-testid="recovery-codes-saved">{t('我已保存恢复码', 'I have kept them')}</Button>
      </Space>
    </Space>
  );
}

/** Enrols an authenticator app: start (the secret shown once), then confirm with the app's first code. */
export function SecondFactorEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
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
      const confirmed = await api<{ recoveryCodes: string[] }>('/api/auth/second-factor/enrolment/confirm', { method: 'POST', body: { code: values.code.trim() } });
      setSecret(null);
      setCodes(confirmed.recoveryCodes); // shown before the session moves on: they are never shown again
    } catch (err) {
      setError(message(err, t));
    } finally {
      setBusy(false);
    }
  }
  async function saved() {
    setCodes(null);
    setDone(true);
    await client.invalidateQueries({ queryKey: ME_KEY });
    onDone?.();
  }
  if (codes) return <RecoveryCodesShown codes={codes} onSaved={saved} />;
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

/** How many recovery codes are left, and new ones for a fresh authenticator code (the old ones then stop working). */
function RecoveryCodes() {
  const { t } = useI18n();
  const status = useQuery({ queryKey: ['recovery-codes'], queryFn: () => api<{ enrolled: boolean; remaining: number }>('/api/auth/second-factor/recovery-codes') });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function regenerate(values: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      setCodes((await api<{ recoveryCodes: string[] }>('/api/auth/second-factor/recovery-codes', { method: 'POST', body: { code: values.code.trim() } })).recoveryCodes);
    } catch (err) {
      setError(message(err, t));
    } finally {
      setBusy(false);
    }
  }
  if (codes) return <RecoveryCodesShown codes={codes} onSaved={() => { setCodes(null); void status.refetch(); }} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {status.data && (
        <Alert type={status.data.remaining > 2 ? 'info' : 'warning'} data-testid="recovery-codes-remaining"
          message={t(`还有 ${status.data.remaining} 个未使用的恢复码`, `${status.data.remaining} unused recovery codes left`)} />
      )}
      <Form layout="inline" onFinish={regenerate} aria-label={t('重新生成恢复码', 'Make new recovery codes')}>
        <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('请输入 6 位验证码', 'Enter the six-digit code') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder={t('动态验证码', 'Code')} data-testid="regenerate-code" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="regenerate-recovery-codes">{t('重新生成恢复码（旧的全部作废）', 'Make new codes (the old ones stop working)')}</Button>
      </Form>
      {error && <Alert type="error" role="alert" message={error} />}
    </Space>
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
      {me.secondFactor && <Card title={t('恢复码', 'Recovery codes')}><RecoveryCodes /></Card>}
      <Card title={t('修改密码', 'Change password')}><PasswordChangeForm /></Card>
      <Card title={t('登录会话', 'Sessions')}>
        <Button danger onClick={everywhere} data-testid="logout-everywhere">{t('在所有设备上退出', 'Sign out everywhere')}</Button>
        {ended !== null && <p>{t(`已结束 ${ended} 个会话`, `${ended} sessions ended`)}</p>}
      </Card>
    </Space>
  );
}
