import type { Newsletter, NewsletterInput, NewsletterList } from '@common/schemas/newsletters.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from './client.js';

export type { Newsletter } from '@common/schemas/newsletters.js';

const KEY = ['newsletters'] as const;

/** What the current institution sent (authority administrators). */
export function useNewsletters(enabled = true) {
  return useQuery({ queryKey: KEY, queryFn: () => get<NewsletterList>('/newsletters'), enabled });
}

export function useSendNewsletter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewsletterInput) => post<Newsletter>('/newsletters', input),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
