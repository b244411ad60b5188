import { useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import { CLIENT_STATUSES } from '../people/WonPrompt';
import { serverPosition, withLeadAt, withoutLead, type Lead, type LeadStatus } from './statuses';
import { columnKey, pagesOf, type BoardFilter, type ColumnData } from './useLeadColumn';

/**
 * Moves a card to `index` of a column with one server call: shown at once, rolled back if the server
 * refuses or the manager gives no reason for "lost". Dragging and the "Move to" menu both go through
 * it. Answers whether it moved and whether the lead should now be offered to become a client.
 */
export function useLeadMove(filter: BoardFilter, askLostReason: (lead: Lead) => Promise<string | null>) {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  return async (lead: Lead, from: LeadStatus, to: LeadStatus, index: number): Promise<{ moved: boolean; promptClient: boolean }> => {
    const fromKey = columnKey(from, filter);
    const toKey = columnKey(to, filter);
    const before = { from: queryClient.getQueryData<ColumnData>(fromKey), to: queryClient.getQueryData<ColumnData>(toKey) };
    const position = serverPosition(pagesOf(before.to).flat(), index, lead);
    await queryClient.cancelQueries({ queryKey: ['leads', 'column'] });
    const show = (data: ColumnData | undefined, pages: Lead[][]) => (data ? { ...data, pages } : { pages, pageParams: [null] });
    queryClient.setQueryData<ColumnData>(fromKey, show(before.from, withoutLead(pagesOf(before.from), lead.id)));
    const target = from === to ? queryClient.getQueryData<ColumnData>(toKey) : before.to;
    queryClient.setQueryData<ColumnData>(toKey, show(target, withLeadAt(pagesOf(target), { ...lead, status: to }, index)));
    const rollback = () => {
      queryClient.setQueryData(fromKey, before.from);
      queryClient.setQueryData(toKey, before.to);
    };
    const lost_reason = to === 'lost' && from !== 'lost' ? await askLostReason(lead) : undefined;
    if (lost_reason === null) {
      rollback();
      return { moved: false, promptClient: false };
    }
    let moved = false;
    try {
      await dataProvider.moveLead(lead.id, { status: to, position, ...(lost_reason ? { lost_reason } : {}) });
      moved = true;
    } catch (error) {
      rollback();
      notify('crm.leads.move_failed', { type: 'error', messageArgs: { error: (error as Error).message } });
    }
    void queryClient.invalidateQueries({ queryKey: ['leads'] });
    return { moved, promptClient: moved && to !== from && CLIENT_STATUSES.includes(to) && !lead.client_id };
  };
}
