export const adminKeys = {
  all: ['admin'] as const,
  branding: () => [...adminKeys.all, 'branding'] as const,
  policy: () => [...adminKeys.all, 'policy'] as const,
  agents: () => [...adminKeys.all, 'agents'] as const,
  dashboard: (range: { from?: string; to?: string }) =>
    [...adminKeys.all, 'dashboard', range] as const,
};
