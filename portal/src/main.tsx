import { StrictMode, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { api, ApiError } from './shared/api';
import './shared/styles.css';

interface Me { username: string; displayName: string; role: string; regionCode: string }
interface Health { status: string; temporal: string; db: string }

const ROLE_NAMES: Record<string, string> = {
  designer: '流程设计员', staff: '交易中心工作人员', supervisor: '监管人员', admin: '系统管理员', auditor: '安全审计员',
};

function LoginForm({ onLogin }: { onLogin(me: Me): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await api<{ user: Me }>('/api/auth/login', {
        method: 'POST', body: { username: String(form.get('username')), password: String(form.get('password')) },
      });
      onLogin(session.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络错误，请重试');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card login" onSubmit={submit} aria-label="登录">
      <h2>登录</h2>
      <label>用户名<input name="username" autoComplete="username" required /></label>
      <label>密码<input name="password" type="password" autoComplete="current-password" required /></label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? '登录中…' : '登录'}</button>
    </form>
  );
}

function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    api<Me>('/api/auth/me').then(setMe, () => setMe(null));
    fetch('/healthz').then((r) => r.json()).then(setHealth, () => setHealth(null));
  }, []);
  async function logout() {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setMe(null);
  }
  return (
    <>
      <header>
        <h1>公共资源交易平台</h1>
        {me && (
          <span className="who">
            {me.displayName}（{ROLE_NAMES[me.role] ?? me.role}）<button onClick={logout}>退出</button>
          </span>
        )}
      </header>
      <main>
        {me ? (
          <section className="card">
            <h2>欢迎，{me.displayName}</h2>
            <p>所属区域：{me.regionCode}</p>
            {me.role === 'designer' && <p><a href="/designer/">进入流程设计器</a></p>}
          </section>
        ) : (
          <LoginForm onLogin={setMe} />
        )}
        <section className="card status" aria-label="平台状态">
          <h2>平台状态</h2>
          {health ? (
            <ul>
              <li>流程引擎：{health.temporal === 'ok' ? '正常' : '不可用'}</li>
              <li>数据库：{health.db === 'ok' ? '正常' : '不可用'}</li>
            </ul>
          ) : <p>检测中…</p>}
        </section>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
