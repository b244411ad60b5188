/**
 * Inline-button payloads under an estimate sent in the bot: `es1:a:<id>` approves it, `es1:q:<id>`
 * asks a question about it. The `1` versions the format so buttons already in chats keep working.
 */
export type EstimateAction = 'approve' | 'question';
const PATTERN = /^es1:([aq]):([1-9]\d{0,9})$/;

export const encodeEstimateCallback = (action: EstimateAction, estimateId: number): string => `es1:${action === 'approve' ? 'a' : 'q'}:${estimateId}`;

export function decodeEstimateCallback(data: string | undefined | null): { action: EstimateAction; estimate_id: number } | null {
  const match = data ? PATTERN.exec(data) : null;
  if (!match) return null;
  return { action: match[1] === 'a' ? 'approve' : 'question', estimate_id: Number(match[2]) };
}

export const isEstimateCallback = (data: string | undefined | null): boolean => !!data && data.startsWith('es1:');
