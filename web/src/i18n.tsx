// zh-CN first, English on request: each text is written in place as t('中文', 'English'). The choice is kept in
// localStorage and sent to the api as accept-language, so its error messages follow it.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Language = 'zh-CN' | 'en';
const STORAGE_KEY = 'ggzy.lang';

function stored(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let language: Language = typeof localStorage === 'undefined' ? 'zh-CN' : stored();

export function currentLanguage(): Language {
  return language;
}

/** Picks the text of the current language (for code outside React, e.g. a diagram-js module). */
export function tr(zh: string, en: string): string {
  return language === 'en' ? en : zh;
}

interface I18n { lang: Language; t(zh: string, en: string): string; setLang(lang: Language): void }

const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: (zh) => zh, setLang: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(language);
  const setLang = useCallback((next: Language) => {
    language = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch { /* private mode: the choice lasts for this page */ }
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (zh, en) => (lang === 'en' ? en : zh) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A step's name in the language `t` speaks: its English name in English where the model carries one, else its name, else `fallback` (its id). */
export function stepName(step: { name?: string | null; nameEn?: string | null }, fallback: string, t: (zh: string, en: string) => string): string {
  const zh = step.name ?? fallback;
  return t(zh, step.nameEn ?? zh);
}
