import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
// the designer shares the portal's api client and base styles (one source, served by the same api)
import { api } from '../../portal/src/shared/api';
import '../../portal/src/shared/styles.css';

interface Me { username: string; displayName: string; role: string }

function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => { api<Me>('/api/auth/me').then(setMe, () => setMe(null)); }, []);
  return (
    <>
      <header><h1>流程设计器</h1>{me && <span className="who">{me.displayName}</span>}</header>
      <main>
        <section className="card">
          {me === undefined && <p>加载中…</p>}
          {me === null && <p>请先在 <a href="/">门户</a> 登录。</p>}
          {me && me.role !== 'designer' && <p>只有流程设计员可以编辑流程。</p>}
          {me && me.role === 'designer' && <p>欢迎，{me.displayName}。在这里绘制各地市的交易流程（BPMN），并为人工环节绑定表单。</p>}
        </section>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
