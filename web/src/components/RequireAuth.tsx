import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/me.js';
import { applyLocale } from '../i18n.js';
import { ForcedPasswordChange } from '../pages/password/ForcedPasswordChange.js';
import { PageError, PageLoader } from './PageState.js';

// The steps before the cabinet load only for the few who need them.
const RegistrationWizard = lazy(() => import('../pages/registration/RegistrationWizard.js'));
const AcceptAgreement = lazy(() => import('../pages/agreements/AcceptAgreement.js'));
const step = (page: ReactNode) => <Suspense fallback={<PageLoader fullScreen />}>{page}</Suspense>;

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
  // First sign-in with temporary credentials: the registration wizard (data, password, agreement) comes first.
  if (me.requiredActions.includes('register')) return step(<RegistrationWizard />);
  // An expired, temporary or forced password: nothing else opens until it is replaced (the API agrees: 403).
  // Registration, when pending, comes first and has its own password step.
  if (me.requiredActions.includes('changePassword') && !me.requiredActions.includes('register')) {
    return <ForcedPasswordChange />;
  }
  // A new version of the user agreement: what changed, and continuing is accepting (2.2).
  if (me.requiredActions.includes('acceptAgreement')) return step(<AcceptAgreement />);
  return children;
}
