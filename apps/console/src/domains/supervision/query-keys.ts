export const supervisionKeys = {
  all: ['supervision'] as const,
  stats: () => [...supervisionKeys.all, 'stats'] as const,
};
