import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import { Card, Spin, Typography } from 'antd';
import { AccountSecurity, AppHeader, PendingStep, Providers, createQueryClient, useI18n, LoginForm, RequireRole, regionName, roleName, useMe, type Me, type Role } from '@ggzy/web';
import { NoticePage, NoticesPage } from './features/notices/NoticesPages';
import { PartyHome } from './features/party/PartyHome';

// the working pages load on first use; the public notices (read on phones) come with the first page
const InboxPage = lazy(() => import('./features/tasks/InboxPage').then((m) => ({ default: m.InboxPage })));
const DealsPage = lazy(() => import('./features/deal/DealsPage').then((m) => ({ default: m.DealsPage })));
const DealPage = lazy(() => import('./features/deal/DealPage').then((m) => ({ default: m.DealPage })));
const FeedPage = lazy(() => import('./features/supervision/FeedPage').then((m) => ({ default: m.FeedPage })));
const SubjectsPage = lazy(() => import('./features/subjects/SubjectsPage').then((m) => ({ default: m.SubjectsPage })));
const SubjectPage = lazy(() => import('./features/subjects/SubjectPage').then((m) => ({ default: m.SubjectPage })));
const ReviewsPage = lazy(() => import('./features/subjects/ReviewsPage').then((m) => ({ default: m.ReviewsPage })));
const OpenDealsPage = lazy(() => import('./features/party/OpenDealsPage').then((m) => ({ default: m.OpenDealsPage })));
const MyDealsPage = lazy(() => import('./features/party/MyDealsPage').then((m) => ({ default: m.MyDealsPage })));
const WatchHallPage = lazy(() => import('./features/bidding/WatchHallPage').then((m) => ({ default: m.WatchHallPage })));
const PartyTasksPage = lazy(() => import('./features/party/PartyTasksPage').then((m) => ({ default: m.PartyTasksPage })));
const UsersPage = lazy(() => import('./features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const ScreensPage = lazy(() => import('./features/screens/ScreensPage').then((m) => ({ default: m.ScreensPage })));
const PricesPage = lazy(() => import('./features/prices/PricesPage').then((m) => ({ default: m.PricesPage })));
const IncidentsPage = lazy(() => import('./features/operations/IncidentsPage').then((m) => ({ default: m.IncidentsPage })));
const MarketPage = lazy(() => import('./features/market/MarketPage').then((m) => ({ default: m.MarketPage })));
const ScreeningPage = lazy(() => import('./features/screens/ScreeningPage').then((m) => ({ default: m.ScreeningPage })));
const PartyDealPage = lazy(() => import('./features/party/PartyDealPage').then((m) => ({ default: m.PartyDealPage })));
import './portal.css';

// who reads deals (the api's process:read) and who administers users (user:administer): the pages follow the api
const DEAL_READERS: Role[] = ['staff', 'supervisor', 'auditor'];
const USER_ADMINISTRATORS: Role[] = ['security_admin', 'admin'];
// who reads the market dashboards (the api's market:read)
const MARKET_READERS: Role[] = ['staff', 'supervisor', 'auditor'];

function Home() {
  const me = useMe();
  if (me.isPending) return <Spin style={{ margin: 48 }} />;
  if (!me.data) return <><LoginForm /><NoticesPage /></>;
  if (me.data.pendingStep) return <PendingStep me={me.data} />;
  if (me.data.role === 'staff') return <Navigate to="/tasks" replace />;
  if (me.data.role === 'supervisor') return <Navigate to="/supervision" replace />;
  if (me.data.role === 'security_admin') return <Navigate to="/users" replace />;
  if (me.data.role === 'party') return <PartyHome me={me.data} />;
  return <Welcome me={me.data} />;
}

function Welcome({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <Card>
      <Typography.Title level={3}>{t('欢迎', 'Welcome')}，{me.displayName}</Typography.Title>
      <p>{roleName(me.role, t)} · {regionName(me.regionCode, t)}</p>
      {me.role === 'designer' && <p><a href="/designer/">{t('进入流程设计器', 'Open the process designer')}</a></p>}
      {me.role === 'admin' && <p><NavLink to="/users">{t('任命安全管理员', 'Appoint security administrators')}</NavLink></p>}
      <p><a href="/api/docs">{t('接口文档', 'API documentation')}</a></p>
    </Card>
  );
}

function Nav() {
  const { t } = useI18n();
  const me = useMe().data;
  return (
    <>
      {me && ['staff', 'supervisor'].includes(me.role) && <NavLink to="/tasks">{t('待办', 'Inbox')}</NavLink>}
      {me && DEAL_READERS.includes(me.role) && <NavLink to="/deals">{t('交易', 'Deals')}</NavLink>}
      {me && ['staff', 'supervisor', 'auditor'].includes(me.role) && <NavLink to="/subjects">{t('主体库', 'Subjects')}</NavLink>}
      {me && ['supervisor', 'auditor'].includes(me.role) && <NavLink to="/supervision">{t('监管动态', 'Supervision')}</NavLink>}
      {me && ['supervisor', 'auditor'].includes(me.role) && <NavLink to="/screens" data-testid="nav-screens">{t('围标串标筛查', 'Bid-rigging screens')}</NavLink>}
      {me && ['staff', 'supervisor', 'auditor', 'admin'].includes(me.role) && <NavLink to="/prices" data-testid="nav-prices">{t('价格信息', 'Prices')}</NavLink>}
      {me && MARKET_READERS.includes(me.role) && <NavLink to="/market" data-testid="nav-market">{t('市场分析', 'Market')}</NavLink>}
      {me && ['admin', 'supervisor', 'auditor'].includes(me.role) && <NavLink to="/operations" data-testid="nav-operations">{t('运行监控', 'Operations')}</NavLink>}
      {me?.role === 'party' && <NavLink to="/party/tasks">{t('待办', 'Inbox')}</NavLink>}
      {me?.role === 'party' && <NavLink to="/party/open-deals">{t('项目大厅', 'Open deals')}</NavLink>}
      {me?.role === 'party' && <NavLink to="/party/my-deals">{t('我的项目', 'My deals')}</NavLink>}
      {me && USER_ADMINISTRATORS.includes(me.role) && <NavLink to="/users" data-testid="nav-users">{t('用户管理', 'Users')}</NavLink>}
      <NavLink to="/notices">{t('公告', 'Notices')}</NavLink>
      {me && me.role !== 'party' && <NavLink to="/account" data-testid="nav-account">{t('账户安全', 'Account')}</NavLink>}
    </>
  );
}

function Portal() {
  const { t } = useI18n();
  return (
    <>
      <AppHeader title={t('公共资源交易平台', 'Public Resource Trading Platform')} nav={<Nav />} />
      <main className="page">
        <Suspense fallback={<Spin style={{ margin: 48 }} />}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/login" element={<RequireRole roles="any">{() => <Navigate to="/" replace />}</RequireRole>} />
          <Route path="/tasks" element={<RequireRole roles={['staff', 'supervisor']}>{() => <InboxPage />}</RequireRole>} />
          <Route path="/deals" element={<RequireRole roles={DEAL_READERS}>{(me) => <DealsPage me={me} />}</RequireRole>} />
          <Route path="/deals/:workflowId" element={<RequireRole roles={DEAL_READERS}>{(me) => <DealPage me={me} />}</RequireRole>} />
          <Route path="/users" element={<RequireRole roles={USER_ADMINISTRATORS}>{(me) => <UsersPage me={me} />}</RequireRole>} />
          <Route path="/supervision" element={<RequireRole roles={['supervisor', 'auditor']}>{(me) => <FeedPage me={me} />}</RequireRole>} />
          <Route path="/screens" element={<RequireRole roles={['supervisor', 'auditor']}>{(me) => <ScreensPage me={me} />}</RequireRole>} />
          <Route path="/screens/:dealCode/:sectionCode" element={<RequireRole roles={['supervisor', 'auditor']}>{() => <ScreeningPage />}</RequireRole>} />
          <Route path="/prices" element={<RequireRole roles={['staff', 'supervisor', 'auditor', 'admin']}>{(me) => <PricesPage me={me} />}</RequireRole>} />
          <Route path="/operations" element={<RequireRole roles={['admin', 'supervisor', 'auditor']}>{(me) => <IncidentsPage me={me} />}</RequireRole>} />
          <Route path="/market" element={<RequireRole roles={MARKET_READERS}>{(me) => <MarketPage me={me} />}</RequireRole>} />
          <Route path="/subjects" element={<RequireRole roles={['staff', 'supervisor', 'auditor']}>{(me) => <SubjectsPage me={me} />}</RequireRole>} />
          <Route path="/subjects/:creditCode" element={<RequireRole roles={['staff', 'supervisor', 'auditor']}>{(me) => <SubjectPage me={me} />}</RequireRole>} />
          <Route path="/subject-reviews" element={<RequireRole roles={['staff']}>{(me) => <ReviewsPage me={me} />}</RequireRole>} />
          <Route path="/party/open-deals" element={<RequireRole roles={['party']}>{() => <OpenDealsPage />}</RequireRole>} />
          <Route path="/party/tasks" element={<RequireRole roles={['party']}>{() => <PartyTasksPage />}</RequireRole>} />
          <Route path="/party/my-deals" element={<RequireRole roles={['party']}>{() => <MyDealsPage />}</RequireRole>} />
          <Route path="/party/deals/:dealCode" element={<RequireRole roles={['party']}>{() => <PartyDealPage />}</RequireRole>} />
          <Route path="/opening-halls/:dealCode/:sectionCode" element={<RequireRole roles={['staff', 'supervisor']}>{() => <WatchHallPage />}</RequireRole>} />
          <Route path="/account" element={<RequireRole roles={['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor']}>{(me) => <AccountSecurity me={me} />}</RequireRole>} />
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="/notices/:id" element={<NoticePage />} />
          <Route path="*" element={<Card>{t('页面不存在', 'No such page')}</Card>} />
        </Routes>
        </Suspense>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers client={createQueryClient()}>
      <BrowserRouter>
        <Portal />
      </BrowserRouter>
    </Providers>
  </StrictMode>,
);
