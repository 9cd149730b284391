// The frame both apps share: antd's theme and locale, the data-fetching client, the header with the user and the
// language switch.
import '@ant-design/v5-patch-for-react-19';
import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Space } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { logout, roleName, useMe } from './session';
import './styles.css';

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 6 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <I18nProvider>
      <QueryClientProvider client={client}>
        <Themed>{children}</Themed>
      </QueryClientProvider>
    </I18nProvider>
  );
}

export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <Button size="small" ghost onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} aria-label="language">
      {lang === 'en' ? '中文' : 'English'}
    </Button>
  );
}

export function AppHeader({ title, nav }: { title: string; nav?: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const client = useQueryClient();
  return (
    <header className="app-header">
      <h1>{title}</h1>
      <nav className="app-nav">{nav}</nav>
      <Space className="who">
        {me.data && <span data-testid="who">{me.data.displayName}（{roleName(me.data.role, t)}）</span>}
        <LanguageSwitch />
        {me.data && <Button size="small" onClick={() => logout(client)}>{t('退出', 'Log out')}</Button>}
      </Space>
    </header>
  );
}
