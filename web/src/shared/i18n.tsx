import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MESSAGES, type Locale, type MessageKey } from './messages';

/**
 * Chinese and English labels from one small table (messages.ts), Chinese by default. The choice is
 * remembered per browser; `t('key', { name })` fills `{name}` placeholders.
 */

export type Translate = (key: MessageKey, parameters?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  t: Translate;
  setLocale(locale: Locale): void;
}

const STORAGE_KEY = 'govgraph.locale';

export function translate(locale: Locale, key: MessageKey, parameters?: Record<string, string | number>): string {
  const template: string = MESSAGES[locale][key];
  return parameters ? template.replace(/\{(\w+)\}/g, (whole, name: string) => String(parameters[name] ?? whole)) : template;
}

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const I18nContext = createContext<I18n>({ locale: 'zh', t: (key, parameters) => translate('zh', key, parameters), setLocale: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // A browser that refuses storage keeps the choice for this page only.
    }
  }, []);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (key, parameters) => translate(locale, key, parameters) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
