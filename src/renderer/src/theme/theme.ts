import { useEffect, useState } from 'react';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const THEME_KEY = 'clearance.theme';
const darkQuery = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function savedTheme(): Theme {
  const saved = window.localStorage.getItem(THEME_KEY);
  return (THEMES as readonly string[]).includes(saved ?? '') ? (saved as Theme) : 'system';
}

/** Resolves the choice to light or dark on <html data-theme>, the one switch styles.css reads. */
export function applyTheme(theme: Theme = savedTheme()): void {
  const dark = theme === 'dark' || (theme === 'system' && darkQuery().matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** The analyst's theme, remembered per machine; "system" follows the OS as it changes. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(savedTheme);
  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const query = darkQuery();
    const follow = () => applyTheme('system');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [theme]);
  const choose = (next: Theme) => {
    window.localStorage.setItem(THEME_KEY, next);
    setTheme(next);
  };
  return [theme, choose];
}
