// Who is logged in: one query both apps share, the login form, and a gate for pages of one role.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Result, Space, Spin, Tabs } from 'antd';
import { api, ApiError } from './api';
import { useI18n } from './i18n';
import { CertificateLogin } from './certificates/CertificateLogin';
import { setSigningDevice } from './certificates/device';
import { ME_KEY, type Me, type Role } from './me';
import { PendingStep } from './account';

export { ME_KEY, type Me, type PartyIdentity, type Role } from './me';

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api<Me>('/api/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function roleName(role: string, t: (zh: string, en: string) => string): string {
  const names: Record<string, [string, string]> = {
    designer: ['流程设计员', 'Process designer'], staff: ['交易中心工作人员', 'Centre staff'], supervisor: ['监管人员', 'Supervisor'],
    admin: ['系统管理员', 'Administrator'], security_admin: ['安全管理员', 'Security administrator'], auditor: ['安全审计员', 'Auditor'],
    party: ['市场主体', 'Market party'],
    // the roles a process's tasks name
    bidder: ['投标人', 'Bidder'], tenderee: ['招标人', 'Tenderee'], agent: ['招标代理机构', 'Tendering agency'], expert: ['评标专家', 'Expert'],
    // a deal relation: the party itself does the step online
    'party:organiser': ['招标人或招标代理机构', 'Tenderee or its agency'], 'party:tenderee': ['招标人', 'Tenderee'],
    'party:agency': ['招标代理机构', 'Tendering agency'], 'party:bidder': ['投标人', 'Bidder'],
  };
  const name = names[role];
  return name ? t(name[0], name[1]) : role;
}

export function regionName(code: string, t: (zh: string, en: string) => string): string {
  const names: Record<string, [string, string]> = { '990000': ['示范省', 'Demo province'], '990100': ['东湖市', 'Donghu'], '990200': ['西山市', 'Xishan'], '990900': ['示范省演练区', 'Demo province training sandbox'] };
  const name = names[code];
  return name ? `${t(name[0], name[1])}（${code}）` : code;
}

export function LoginForm() {
  const { t } = useI18n();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // step two of a sign-in with a second factor: the password was right, the authenticator's code is asked for
  const [credentials, setCredentials] = useState<{ username: string; password: string } | null>(null);
  // the phone is not at hand: one of the recovery codes given at enrolment stands in for the code, once
  const [withRecoveryCode, setWithRecoveryCode] = useState(false);
  async function signIn(body: { username: string; password: string; code?: string; recoveryCode?: string }) {
    setBusy(true);
    setError(null);
    try {
      const session = await api<{ user: Me; recoveryCodesRemaining?: number }>('/api/auth/login', { method: 'POST', body });
      setCredentials(null);
      setWithRecoveryCode(false);
      if (session.recoveryCodesRemaining !== undefined) {
        void message.warning(t(`已使用一个恢复码，还剩 ${session.recoveryCodesRemaining} 个。找回手机后可在“账户安全”中重新生成恢复码。`,
          `A recovery code was used; ${session.recoveryCodesRemaining} left. Make new ones under Account once you have your phone.`), 8);
      }
      client.setQueryData(ME_KEY, session.user);
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SECOND_FACTOR_REQUIRED') setCredentials({ username: body.username, password: body.password });
      else {
        if (err instanceof ApiError && err.code === 'AUTH_LOCKED') setCredentials(null);
        setError(err instanceof ApiError ? err.message : t('网络错误，请重试', 'Network error, please retry'));
      }
    } finally {
      setBusy(false);
    }
  }
  const submit = (values: { username: string; password: string }) => signIn(values);
  const back = () => { setCredentials(null); setWithRecoveryCode(false); setError(null); };
  const codeForm = credentials && !withRecoveryCode && (
      <Form layout="vertical" onFinish={(v: { code: string }) => signIn({ ...credentials, code: v.code.trim() })} aria-label={t('动态验证码', 'Authenticator code')}>
        <Alert type="info" style={{ marginBottom: 16 }} message={t('请输入身份验证器应用上显示的 6 位动态验证码', 'Enter the six-digit code your authenticator app shows')} />
        <Form.Item label={t('动态验证码', 'Code')} name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('请输入 6 位验证码', 'Enter the six-digit code') }]}>
          <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus data-testid="second-factor-code" />
        </Form.Item>
        {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 16 }} data-testid="second-factor-error" />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="second-factor-submit">{t('验证并登录', 'Verify and log in')}</Button>
          <Button type="link" onClick={() => { setWithRecoveryCode(true); setError(null); }} data-testid="use-recovery-code">{t('使用恢复码', 'Use a recovery code')}</Button>
          <Button onClick={back}>{t('返回', 'Back')}</Button>
        </Space>
      </Form>
  );
  const recoveryForm = credentials && withRecoveryCode && (
      <Form layout="vertical" onFinish={(v: { recoveryCode: string }) => signIn({ ...credentials, recoveryCode: v.recoveryCode.trim() })} aria-label={t('恢复码', 'Recovery code')}>
        <Alert type="info" style={{ marginBottom: 16 }} message={t('手机不在身边时，可输入绑定身份验证器时保存的一个恢复码（每个只能使用一次）', 'Without your phone, enter one of the recovery codes you saved at enrolment (each works once)')} />
        <Form.Item label={t('恢复码', 'Recovery code')} name="recoveryCode" rules={[{ required: true, pattern: /^[A-Za-z0-9 -]{10,20}$/, message: t('请输入恢复码，如 abcde-12345', 'Enter a recovery code, e.g. abcde-12345') }]}>
          <Input name="recoveryCode" autoComplete="off" spellCheck={false} maxLength={20} autoFocus placeholder="xxxxx-xxxxx" data-testid="recovery-code" />
        </Form.Item>
        {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 16 }} data-testid="recovery-code-error" />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="recovery-code-submit">{t('验证并登录', 'Verify and log in')}</Button>
          <Button type="link" onClick={() => { setWithRecoveryCode(false); setError(null); }}>{t('使用动态验证码', 'Use the authenticator code')}</Button>
          <Button onClick={back}>{t('返回', 'Back')}</Button>
        </Space>
      </Form>
  );
  const passwordForm = codeForm || recoveryForm || (
      <Form layout="vertical" onFinish={submit} aria-label={t('登录', 'Log in')} onSubmitCapture={(e: FormEvent) => e.preventDefault()}>
        <Form.Item label={t('用户名', 'Username')} name="username" rules={[{ required: true, message: t('请输入用户名', 'Enter your username') }]}>
          <Input name="username" autoComplete="username" />
        </Form.Item>
        <Form.Item label={t('密码', 'Password')} name="password" rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}>
          <Input.Password name="password" autoComplete="current-password" />
        </Form.Item>
        {error && <Alert type="error" role="alert" message={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} block>{t('登录', 'Log in')}</Button>
      </Form>
  );
  return (
    <Card title={t('登录', 'Log in')} className="login-card">
      <Tabs items={[
        { key: 'password', label: t('账号密码', 'Password'), children: passwordForm },
        { key: 'certificate', label: t('证书登录', 'Certificate'), children: <CertificateLogin /> },
      ]} />
    </Card>
  );
}

export async function logout(client: ReturnType<typeof useQueryClient>): Promise<void> {
  await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  setSigningDevice(null);
  client.setQueryData(ME_KEY, null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
}

/** Renders its children for a logged-in user of one of the roles; otherwise the login form or a clear refusal. */
export function RequireRole({ roles, children }: { roles: readonly Role[] | 'any'; children: (me: Me) => ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  if (me.isPending) return <Spin style={{ margin: 48 }} />;
  if (!me.data) return <LoginForm />;
  if (me.data.pendingStep) return <PendingStep me={me.data} />;
  if (roles !== 'any' && !roles.includes(me.data.role)) {
    return <Result status="403" title={t('无权访问', 'Not allowed')} subTitle={t('您的角色不能使用此页面。', 'Your role cannot use this page.')} />;
  }
  return <>{children(me.data)}</>;
}
