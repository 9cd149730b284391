// 用户管理: the security administrator's page (the system administrator's, for the security administrators it
// appoints). List and filter the users one administers, create one (its temporary password shown once), change role,
// region or name, disable or enable, reset the password or the second factor, lift a lock, see and end the sessions.
// The api decides who may do what (auth/user-administration.ts); the page only offers what it would admit.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography, Card } from 'antd';
import { api, ApiError, regionName, roleName, useI18n, withQuery, type Me, type Role } from '@ggzy/web';

export interface UserRow {
  username: string; displayName: string; role: Role; regionCode: string; disabled: boolean; lockedUntil: string | null;
  mustChangePassword: boolean; secondFactor: boolean; createdAt: string; createdBy: string | null;
}
interface SessionRow { createdAt: string; lastSeenAt: string | null; expiresAt: string; byCertificate: boolean }

/** The roles each administrator grants (the api's rule, offered in the forms). */
const GRANTS: Partial<Record<Role, Role[]>> = { security_admin: ['designer', 'staff', 'supervisor'], admin: ['security_admin'] };

function errorText(err: unknown, t: (zh: string, en: string) => string): string {
  if (err instanceof ApiError) {
    const details = err.details.map((d) => d.message).filter(Boolean);
    return details.length ? `${err.message}：${details.join('；')}` : err.message;
  }
  return t('网络错误，请重试', 'Network error, please retry');
}

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function UsersPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [sessionsOf, setSessionsOf] = useState<UserRow | null>(null);
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  // the second factor is reset for a reason, which goes on the trail
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const grants = GRANTS[me.role] ?? [];
  const regions = me.visibleRegions.filter((r) => !me.sandboxRegions?.includes(r));
  const roleOptions = grants.map((r) => ({ value: r, label: roleName(r, t) }));
  const regionOptions = regions.map((r) => ({ value: r, label: regionName(r, t) }));

  const list = useQuery({
    queryKey: ['users', q, role, status],
    queryFn: () => api<{ total: number; items: UserRow[] }>(withQuery('/api/users', { q: q || undefined, role, status, limit: 200 })),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });

  const act = useMutation({
    mutationFn: async ({ user, action, reason }: { user: UserRow; action: 'disable' | 'enable' | 'password' | 'unlock' | 'second-factor' | 'sessions'; reason?: string }) => {
      const base = `/api/users/${encodeURIComponent(user.username)}`;
      if (action === 'disable' || action === 'enable') return api(base, { method: 'PATCH', body: { disabled: action === 'disable' } });
      if (action === 'password') return api<{ temporaryPassword: string }>(`${base}/password-reset`, { method: 'POST' });
      if (action === 'unlock') return api(`${base}/unlock`, { method: 'POST' });
      if (action === 'second-factor') return api(`${base}/second-factor-reset`, { method: 'POST', body: { reason } });
      return api<{ sessionsEnded: number }>(`${base}/sessions`, { method: 'DELETE' });
    },
    onSuccess: (result, { user, action }) => {
      if (action === 'password') setSecret({ username: user.username, password: (result as { temporaryPassword: string }).temporaryPassword });
      else if (action === 'sessions') message.success(t(`已结束 ${(result as { sessionsEnded: number }).sessionsEnded} 个会话`, `${(result as { sessionsEnded: number }).sessionsEnded} session(s) ended`));
      else message.success(t('已完成', 'Done'));
      void refresh();
    },
    onError: (err) => message.error(errorText(err, t)),
  });
  const confirm = (user: UserRow, action: Parameters<typeof act.mutate>[0]['action'], zh: string, en: string) =>
    modal.confirm({ title: t(zh, en), content: `${user.displayName}（${user.username}）`, onOk: () => act.mutateAsync({ user, action }).catch(() => undefined) });

  return (
    <Card title={t('用户管理', 'User administration')} extra={
      <Space wrap>
        <Input.Search allowClear data-testid="user-search" placeholder={t('用户名或姓名', 'Username or name')} onSearch={(v) => setQ(v.trim())} style={{ width: 220 }} />
        <Select allowClear placeholder={t('角色', 'Role')} style={{ width: 150 }} value={role} onChange={setRole} options={roleOptions} />
        <Select allowClear placeholder={t('状态', 'Status')} style={{ width: 120 }} value={status} onChange={setStatus}
          options={[{ value: 'active', label: t('正常', 'Active') }, { value: 'disabled', label: t('已停用', 'Disabled') }, { value: 'locked', label: t('已锁定', 'Locked') }]} />
        <Button type="primary" data-testid="create-user" onClick={() => setCreating(true)}>{t('新建用户', 'New user')}</Button>
      </Space>
    }>
      {list.isError && <Alert type="error" message={errorText(list.error, t)} />}
      {secret && (
        <Alert type="warning" closable onClose={() => setSecret(null)} style={{ marginBottom: 12 }} data-testid="temporary-password"
          message={t(`${secret.username} 的临时密码只显示这一次，请当面或经安全渠道交给本人；首次登录须修改`, `The temporary password of ${secret.username} is shown this once; hand it over safely — it must be changed at the first sign-in`)}
          description={<Typography.Text code copyable data-testid="temporary-password-value">{secret.password}</Typography.Text>} />
      )}
      <Table size="small" rowKey="username" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} scroll={{ x: true }} data-testid="users"
        columns={[
          { title: t('用户名', 'Username'), dataIndex: 'username' },
          { title: t('姓名', 'Name'), dataIndex: 'displayName' },
          { title: t('角色', 'Role'), dataIndex: 'role', render: (r: string) => roleName(r, t) },
          { title: t('地区', 'Region'), dataIndex: 'regionCode', render: (r: string) => regionName(r, t) },
          {
            title: t('状态', 'Status'), key: 'status', render: (_: unknown, u: UserRow) => (
              <Space size={2} wrap>
                {u.disabled ? <Tag color="default">{t('已停用', 'Disabled')}</Tag> : <Tag color="green">{t('正常', 'Active')}</Tag>}
                {u.lockedUntil && <Tag color="red">{t('已锁定', 'Locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('待改密', 'Must change password')}</Tag>}
                {u.secondFactor ? <Tag color="blue">{t('已绑定验证器', '2FA')}</Tag> : <Tag>{t('未绑定验证器', 'No 2FA')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('操作', 'Actions'), key: 'actions', render: (_: unknown, u: UserRow) => (
              <Space size={0} wrap data-testid={`actions-${u.username}`}>
                <Button type="link" size="small" onClick={() => setEditing(u)}>{t('编辑', 'Edit')}</Button>
                {u.disabled
                  ? <Button type="link" size="small" onClick={() => confirm(u, 'enable', '启用该用户？', 'Enable this user?')}>{t('启用', 'Enable')}</Button>
                  : <Button type="link" size="small" danger onClick={() => confirm(u, 'disable', '停用该用户？其会话将全部结束', 'Disable this user? Its sessions end')}>{t('停用', 'Disable')}</Button>}
                <Button type="link" size="small" onClick={() => confirm(u, 'password', '重置密码？', 'Reset the password?')}>{t('重置密码', 'Reset password')}</Button>
                {u.lockedUntil && <Button type="link" size="small" onClick={() => confirm(u, 'unlock', '解除锁定？', 'Unlock?')}>{t('解锁', 'Unlock')}</Button>}
                {u.secondFactor && <Button type="link" size="small" onClick={() => setResetting(u)} data-testid={`reset-second-factor-${u.username}`}>{t('重置验证器', 'Reset 2FA')}</Button>}
                <Button type="link" size="small" onClick={() => setSessionsOf(u)}>{t('会话', 'Sessions')}</Button>
              </Space>
            ),
          },
        ]} />
      {creating && <CreateDialog roleOptions={roleOptions} regionOptions={regionOptions} onClose={(created) => {
        setCreating(false);
        if (created) {
          setSecret({ username: created.user.username, password: created.temporaryPassword });
          void refresh();
        }
      }} />}
      {editing && <EditDialog user={editing} roleOptions={roleOptions} regionOptions={regionOptions} onClose={(changed) => {
        setEditing(null);
        if (changed) void refresh();
      }} />}
      {sessionsOf && <SessionsDialog user={sessionsOf} onEnd={() => confirm(sessionsOf, 'sessions', '结束该用户的全部会话？', 'End all of this user\'s sessions?')} onClose={() => setSessionsOf(null)} />}
      <Modal open={resetting !== null} destroyOnClose title={t('重置身份验证器', 'Reset the authenticator')} footer={null} onCancel={() => setResetting(null)}>
        {resetting && (
          <Form layout="vertical" aria-label={t('重置身份验证器', 'Reset the authenticator')}
            onFinish={(v: { reason: string }) => act.mutateAsync({ user: resetting, action: 'second-factor', reason: v.reason.trim() }).then(() => setResetting(null)).catch(() => undefined)}>
            <Alert type="warning" style={{ marginBottom: 16 }} message={t(`${resetting.displayName}（${resetting.username}）的身份验证器和恢复码将全部作废，其登录会话结束，下次登录须重新绑定。`,
              `${resetting.displayName} (${resetting.username}): the authenticator and every recovery code stop working, the sessions end, and the next sign-in enrols again.`)} />
            <Form.Item label={t('原因（记入审计日志）', 'Reason (on the audit trail)')} name="reason" rules={[{ required: true, min: 2, max: 500, whitespace: true, message: t('请填写原因', 'Give the reason') }]}>
              <Input.TextArea rows={2} maxLength={500} data-testid="second-factor-reset-reason" />
            </Form.Item>
            <Button type="primary" danger htmlType="submit" loading={act.isPending} data-testid="second-factor-reset-submit">{t('重置', 'Reset')}</Button>
          </Form>
        )}
      </Modal>
    </Card>
  );
}

type Options = Array<{ value: string; label: string }>;

function CreateDialog({ roleOptions, regionOptions, onClose }: { roleOptions: Options; regionOptions: Options; onClose: (created?: { user: UserRow; temporaryPassword: string }) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) => api<{ user: UserRow; temporaryPassword: string }>('/api/users', { method: 'POST', body }),
    onSuccess: (created) => onClose(created),
    onError: (err) => setError(errorText(err, t)),
  });
  return (
    <Modal open title={t('新建用户', 'New user')} onCancel={() => onClose()} onOk={() => form.submit()} confirmLoading={create.isPending} okButtonProps={{ id: 'create-user-ok' }}>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ role: roleOptions[0]?.value, regionCode: regionOptions[0]?.value }}>
        <Form.Item name="username" label={t('用户名', 'Username')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_.-]{1,63}$/, message: t('小写字母开头，可含数字和 _ . -，2–64 位', 'Lower-case letter first, then letters, digits, _ . -; 2–64 characters') }]}>
          <Input data-testid="new-username" autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('姓名', 'Name')} rules={[{ required: true, max: 100 }]}><Input data-testid="new-display-name" /></Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true }]}><Select options={roleOptions} data-testid="new-role" /></Form.Item>
        <Form.Item name="regionCode" label={t('地区', 'Region')} rules={[{ required: true }]}><Select options={regionOptions} data-testid="new-region" /></Form.Item>
      </Form>
    </Modal>
  );
}

function EditDialog({ user, roleOptions, regionOptions, onClose }: { user: UserRow; roleOptions: Options; regionOptions: Options; onClose: (changed?: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api(`/api/users/${encodeURIComponent(user.username)}`, { method: 'PATCH', body }),
    onSuccess: () => onClose(true),
    onError: (err) => setError(errorText(err, t)),
  });
  return (
    <Modal open title={`${t('编辑用户', 'Edit user')} ${user.username}`} onCancel={() => onClose()} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ id: 'edit-user-ok' }}>
      <Alert type="info" style={{ marginBottom: 12 }} message={t('更改角色或地区后，该用户的会话将全部结束', 'A new role or region ends the user\'s sessions')} />
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ displayName: user.displayName, role: user.role, regionCode: user.regionCode }}>
        <Form.Item name="displayName" label={t('姓名', 'Name')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
        <Form.Item name="role" label={t('角色', 'Role')} rules={[{ required: true }]}><Select options={roleOptions} data-testid="edit-role" /></Form.Item>
        <Form.Item name="regionCode" label={t('地区', 'Region')} rules={[{ required: true }]}><Select options={regionOptions} data-testid="edit-region" /></Form.Item>
      </Form>
    </Modal>
  );
}

function SessionsDialog({ user, onEnd, onClose }: { user: UserRow; onEnd: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const sessions = useQuery({
    queryKey: ['users', user.username, 'sessions'],
    queryFn: () => api<{ items: SessionRow[] }>(`/api/users/${encodeURIComponent(user.username)}/sessions`),
  });
  return (
    <Modal open width={640} title={`${t('会话', 'Sessions')} · ${user.displayName}`} onCancel={onClose}
      footer={<Space><Button danger data-testid="end-sessions" onClick={onEnd}>{t('结束全部会话', 'Sign out everywhere')}</Button><Button onClick={onClose}>{t('关闭', 'Close')}</Button></Space>}>
      {sessions.isError && <Alert type="error" message={errorText(sessions.error, t)} />}
      <Table size="small" rowKey="createdAt" loading={sessions.isPending} dataSource={sessions.data?.items ?? []} pagination={false} data-testid="user-sessions"
        columns={[
          { title: t('登录时间', 'Signed in'), dataIndex: 'createdAt', render: time },
          { title: t('最近使用', 'Last used'), dataIndex: 'lastSeenAt', render: time },
          { title: t('到期', 'Expires'), dataIndex: 'expiresAt', render: time },
        ]} />
    </Modal>
  );
}
