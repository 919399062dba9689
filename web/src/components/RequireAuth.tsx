import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/me.js';
import { applyLocale } from '../i18n.js';
import { PageError, PageLoader } from './PageState.js';

/** Where sign-in should return to: only a path of this app (never `//evil.example`). */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

/**
 * The gate of the signed-in part of the app: shows it only with a session, otherwise sends to sign-in with the
 * way back. It also applies the person's saved language, which follows them from device to device.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const locale = me?.locale;

  useEffect(() => {
    if (locale) applyLocale(locale);
  }, [locale]);

  if (isPending) return <PageLoader fullScreen />;
  if (error) return <PageError error={error} onRetry={() => void refetch()} />;
  if (!me) {
    const here = `${location.pathname}${location.search}`;
    const to = here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return children;
}
