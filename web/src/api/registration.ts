import type {
  Consent,
  CorrectionCreate,
  MyCorrection,
  Registration,
  RegistrationComplete,
} from '@common/schemas/registration.js';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { del, get, post } from './client.js';

export type { Consent, MyCorrection, Registration };

// Not under ['me', …]: sign-in and context switches drop every query except `me`, and these must go too.
const REGISTRATION_KEY = ['registration'] as const;
const MY_CORRECTIONS_KEY = ['my-corrections'] as const;
const CONSENTS_KEY = ['consents'] as const;

/** My data to check, the agreement in force in my language, and whether a parent has to consent. */
export const useRegistration = (enabled = true) =>
  useQuery({ queryKey: REGISTRATION_KEY, queryFn: () => get<Registration>('/registration'), enabled });

export const useMyCorrections = () =>
  useQuery({
    queryKey: MY_CORRECTIONS_KEY,
    queryFn: () => get<{ items: MyCorrection[] }>('/registration/corrections'),
  });

export function useFileCorrection() {
  return useMutation({
    meta: { quiet: true }, // the form shows the message
    mutationFn: (body: CorrectionCreate) => post<MyCorrection>('/registration/corrections', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MY_CORRECTIONS_KEY }),
  });
}

/** Finishing registration clears the 'register' step: `me` is loaded again and the cabinet opens. */
export function useCompleteRegistration() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: (body: RegistrationComplete) => post<{ ok: true }>('/registration/complete', body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ME_KEY }),
        queryClient.invalidateQueries({ queryKey: REGISTRATION_KEY }),
      ]),
  });
}

/** A parent's children at the current school and the state of the consent for each. */
export const useConsents = (enabled = true) =>
  useQuery({ queryKey: CONSENTS_KEY, queryFn: () => get<{ items: Consent[] }>('/consents'), enabled });

const replaceConsent = (consent: Consent) =>
  queryClient.setQueryData<{ items: Consent[] }>(CONSENTS_KEY, (old) =>
    old ? { items: old.items.map((c) => (c.childPersonId === consent.childPersonId ? consent : c)) } : old,
  );

export function useGiveConsent() {
  return useMutation({
    mutationFn: (childPersonId: number) => post<Consent>('/consents', { childPersonId }),
    onSuccess: replaceConsent,
  });
}

export function useWithdrawConsent() {
  return useMutation({
    mutationFn: (childPersonId: number) => del<Consent>(`/consents/${childPersonId}`),
    onSuccess: replaceConsent,
  });
}
