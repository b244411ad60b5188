/**
 * Inline-button payloads for change-request decisions: `cr1:a:<id>` approves, `cr1:d:<id>` declines.
 * The `1` versions the format so buttons already in chats keep working if it ever changes.
 */
export type { ChangeRequestDecision as Decision } from '@crm/contracts';
import type { ChangeRequestDecision as Decision } from '@crm/contracts';

const PATTERN = /^cr1:([ad]):([1-9]\d{0,9})$/;

export const encodeDecisionCallback = (decision: Decision, changeRequestId: number): string => `cr1:${decision === 'approved' ? 'a' : 'd'}:${changeRequestId}`;

export function decodeDecisionCallback(data: string | undefined | null): { decision: Decision; change_request_id: number } | null {
  const match = data ? PATTERN.exec(data) : null;
  if (!match) return null;
  return { decision: match[1] === 'a' ? 'approved' : 'rejected', change_request_id: Number(match[2]) };
}

export const isDecisionCallback = (data: string | undefined | null): boolean => !!data && data.startsWith('cr1:');
