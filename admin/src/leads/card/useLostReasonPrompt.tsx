import { useRef, useState } from 'react';
import { LostReasonDialog } from './LostReasonDialog';

/**
 * Every way a lead can be marked lost (a drop on the board, its "Move to" menu, the status picker beside
 * the conversation) asks the reason through this: `ask` resolves with the reason, or null when the
 * manager cancels and the lead stays where it was. Render `dialog` once in the screen.
 */
export function useLostReasonPrompt() {
  const [asking, setAsking] = useState<{ name: string } | null>(null);
  const answer = useRef<(reason: string | null) => void>(() => {});
  const ask = (lead: { name: string }) =>
    new Promise<string | null>((resolve) => {
      answer.current = (reason) => {
        setAsking(null);
        resolve(reason);
      };
      setAsking(lead);
    });
  const dialog = (
    <LostReasonDialog open={Boolean(asking)} names={asking?.name ?? ''} onConfirm={(reason) => answer.current(reason)} onCancel={() => answer.current(null)} />
  );
  return { ask, dialog };
}
