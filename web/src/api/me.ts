import type { Locale } from '@common/enums.js';
import type { Me, SignIn } from '@common/schemas/auth.js';
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { applyLocale } from '../i18n.js';
import { isStatus } from '../lib/apiError.js';
import { clearOfflineData } from '../lib/offline.js';
import { forgetPushOnThisDevice } from '../lib/push.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { patch, post, put, typed } from './client.js';

/** GET /me, or null when nobody is signed in (a 401 here is an answer, not an error). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await typed('GET', '/me');
  } catch (error) {
    if (isStatus(error, 401)) return null;
    throw error;
  }
}

export const meQuery = queryOptions({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });

export const useMe = () => useQuery(meQuery);

/** The last person seen signed in, for the moment between losing the session and leaving the page. */
let lastMe: Me | null = null;

/** The signed-in person inside the authenticated part of the app (RequireAuth guarantees it is loaded). */
export function useCurrentMe(): Me {
  const { data } = useQuery(meQuery);
  if (data) lastMe = data;
  // A 401 (session ended on another device, expired) clears `me`; the query whose failure did it can re-render
  // its page before RequireAuth does. That page still shows the person it was showing until RequireAuth sends
  // everyone to sign-in a moment later, instead of crashing into the error boundary.
  if (!data && lastMe) return lastMe;
  if (!data) throw new Error('useCurrentMe used outside RequireAuth');
  return data;
}

/** Everything cached belongs to the previous session or context: drop it, keep only the new `me`. */
function startOver(me: Me | null) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  queryClient.setQueryData(ME_KEY, me);
}

export function useSignIn() {
  return useMutation({
    meta: { quiet: true }, // the form shows the message inline
    mutationFn: async (body: SignIn) => {
      // A new session on this device starts without the offline copies of whoever used it before.
      await clearOfflineData();
      await forgetPushOnThisDevice(false);
      await post('/auth/sign-in', body);
      const me = await fetchMe();
      if (me) applyLocale(me.locale);
      return me;
    },
    onSuccess: startOver,
  });
}

export function useSignOut() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: async () => {
      // Before the session ends (the server call needs it): this device stops receiving this person's pushes.
      await forgetPushOnThisDevice(true);
      return post('/auth/sign-out');
    },
    // Whatever the server said, this tab is signed out now (an expired session is signed out already). A full
    // page load drops every cached answer of the old session and lands on sign-in without a `next` to go back to.
    // The service worker's offline copies (the diary's last week…) go too: a phone may be shared.
    onSettled: async () => {
      await clearOfflineData();
      window.location.assign('/sign-in');
    },
  });
}

/** Saves the UI language in the account; the UI switches at once, not after the round trip. */
export function useSetLocale() {
  return useMutation({
    mutationFn: (locale: Locale) => {
      applyLocale(locale);
      return patch<Me>('/me/preferences', { locale });
    },
    onSuccess: (me) => queryClient.setQueryData(ME_KEY, me),
  });
}

/** Acting through another membership changes the scope of every query: start over with the new context. */
export function useSwitchContext() {
  return useMutation({
    mutationFn: (membershipId: number) => put<Me>('/me/context', { membershipId }),
    onSuccess: startOver,
  });
}
