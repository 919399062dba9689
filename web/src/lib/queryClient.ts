import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifyError } from '../components/notify.js';
import { isApiError } from './apiError.js';

/** The signed-in person (or null) lives under this key; the API client reads the CSRF token from it. */
export const ME_KEY = ['me'] as const;

declare module '@tanstack/react-query' {
  interface Register {
    /** `quiet`: the caller shows the error itself (e.g. inline on the sign-in form), no notification. */
    mutationMeta: { quiet?: boolean };
  }
}

/** A lost session anywhere (expired, signed out in another tab) sends the user back to sign-in. */
function onAnyError(error: unknown) {
  if (isApiError(error) && error.status === 401) queryClient.setQueryData(ME_KEY, null);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAnyError }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => {
      onAnyError(error);
      if (!mutation.meta?.quiet && !(isApiError(error) && error.status === 401)) notifyError(error);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will not change by asking again; network hiccups and 5xx get one more try.
      retry: (failures, error) => !(isApiError(error) && error.status < 500) && failures < 1,
    },
  },
});
