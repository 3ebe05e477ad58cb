/** Run statuses after which nothing changes any more. */
export const ENDED_STATUSES: readonly string[] = [
  'completed',
  'failed',
  'cancelled',
  'timeout',
  'interrupted',
];

export function isEndedStatus(status: string | null): boolean {
  return status !== null && ENDED_STATUSES.includes(status);
}
