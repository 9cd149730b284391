import { lazy, StrictMode, Suspense } from 'react';
import { Spin } from 'antd';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, NavLink, Route, Routes } from 'react-router';
import { AppHeader, Providers, createQueryClient, useI18n, RequireRole } from '@ggzy/web';
// the modeler (bpmn-js, the properties panel, the compiler) loads with the editor, not with the login form
const EditorPage = lazy(() => import('./pages/EditorPage').then((m) => ({ default: m.EditorPage })));
const DecisionsPage = lazy(() => import('./pages/DecisionsPage').then((m) => ({ default: m.DecisionsPage })));
const VersionsPage = lazy(() => import('./pages/VersionsPage').then((m) => ({ default: m.VersionsPage })));
const MigrationsPage = lazy(() => import('./pages/MigrationsPage').then((m) => ({ default: m.MigrationsPage })));
import './designer.css';

function Designer() {
  const { t } = useI18n();
  return (
    <>
      <AppHeader title={t('流程设计器', 'Process designer')} nav={<>
        <NavLink to="/" end>{t('编辑', 'Editor')}</NavLink>
        <NavLink to="/versions">{t('版本', 'Versions')}</NavLink>
        <NavLink to="/decisions">{t('决策表', 'Decision tables')}</NavLink>
        <NavLink to="/migrations">{t('实例迁移', 'Migration')}</NavLink>
        <a href="/">{t('门户', 'Portal')}</a>
      </>} />
      <main className="designer-main">
        <RequireRole roles={['designer']}>{(me) => (
          <Suspense fallback={<Spin style={{ margin: 48 }} />}>
            <Routes>
              <Route path="/" element={<EditorPage me={me} />} />
              <Route path="/versions" element={<VersionsPage me={me} />} />
              <Route path="/decisions" element={<DecisionsPage me={me} />} />
              <Route path="/migrations" element={<MigrationsPage me={me} />} />
            </Routes>
          </Suspense>
        )}</RequireRole>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers client={createQueryClient()}>
      <BrowserRouter basename="/designer">
        <Designer />
      </BrowserRouter>
    </Providers>
  </StrictMode>,
);
