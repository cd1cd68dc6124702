import type { CampaignFilterInput } from './schemas';

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: () => [...campaignKeys.all, 'list'] as const,
  detail: (id: string) => [...campaignKeys.all, 'detail', id] as const,
  previews: () => [...campaignKeys.all, 'preview'] as const,
  preview: (filter: CampaignFilterInput) => [...campaignKeys.previews(), filter] as const,
};
