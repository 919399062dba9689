import type { Me } from '@common/schemas/auth.js';
import type { JournalResults } from '@common/schemas/journal-results.js';
import type { TopicPlan, TopicPlanApplyResult } from '@common/schemas/topic-plans.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentLocale } from '../i18n.js';
import { ApiError } from '../lib/apiError.js';
import { ME_KEY, queryClient } from '../lib/queryClient.js';
import { del, get, post, queryString } from './client.js';

export type { JournalResults, TopicPlan, TopicPlanApplyResult };

/** The plan's scope: a subject in a grade, in a year (the server module is server/modules/journal/topic-plans). */
export interface PlanScope {
  subjectId: number;
  grade: number;
  yearId: number;
}

const KEY = ['topicPlans'] as const;
const planKey = (s: PlanScope) => [...KEY, s.subjectId, s.grade, s.yearId] as const;

export function useTopicPlan(scope: PlanScope) {
  return useQuery({
    queryKey: planKey(scope),
    queryFn: async () => (await get<{ plan: TopicPlan | null }>('/topic-plans', { ...scope })).plan,
  });
}

/** POST /topic-plans (multipart): row errors come back as the ApiError's issues; the caller shows them. */
export function useUploadTopicPlan(scope: PlanScope) {
  const client = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const csrf = queryClient.getQueryData<Me | null>(ME_KEY)?.csrfToken;
      const response = await fetch(`/api/v1/topic-plans${queryString({ ...scope })}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'accept-language': currentLocale(), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        body: form,
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new ApiError(response.status, data);
      return data as TopicPlan;
    },
    onSuccess: (plan) => client.setQueryData(planKey(scope), plan),
  });
}

export function useDeleteTopicPlan(scope: PlanScope) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (planId: number) => del<{ ok: true }>(`/topic-plans/${planId}`),
    onSuccess: () => client.setQueryData(planKey(scope), null),
  });
}

/** Fills the journal's topics; the open grid reloads to show them. */
export function useApplyTopicPlan(assignmentId: number) {
  const client = useQueryClient();
  return useMutation({
    // The dialog shows the refusal itself.
    meta: { quiet: true },
    mutationFn: (overwriteFrom: string | null) =>
      post<TopicPlanApplyResult>(`/journal/${assignmentId}/topic-plan/apply`, { overwriteFrom }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['journal', 'grid', assignmentId] }),
  });
}

/** Fixed term grades per period and the fixed year grade (read-only). */
export function useJournalResults(assignmentId: number) {
  return useQuery({
    queryKey: ['journal', 'results', assignmentId],
    queryFn: () => get<JournalResults>(`/journal/${assignmentId}/results`),
  });
}
