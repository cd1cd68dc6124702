export const caseKeys = {
  all: ['cases'] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
  audit: (id: string) => [...caseKeys.all, 'audit', id] as const,
};
