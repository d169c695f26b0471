/** The roles of `start --role` (and `health --role`): what one process runs. */
export const ROLES = ['all', 'scheduler', 'worker', 'web', 'bot'] as const;
export type Role = (typeof ROLES)[number];
