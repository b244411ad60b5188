import { useInfiniteQuery } from '@tanstack/react-query';
import { Box, Button, Link as MuiLink, Typography } from '@mui/material';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { useMoneyFormat } from '../../common/money';
import { useMe } from '../../common/useMe';
import type { CrmDataProvider } from '../../providers/dataProvider';
import type { TimelineItem, TimelinePage } from '../../providers/crmCardMethods';
import { usePipeline } from '../usePipeline';
import { TIMELINE_ICONS } from './timelineIcons';

type Data = Record<string, unknown>;
const str = (data: Data, key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');

/** One line of the timeline in words. */
function useDescribe() {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const { stageName } = usePipeline();
  const { organization } = useMe();
  const [locale] = useLocaleState();
  return (item: TimelineItem, leadId: number) => {
    const d = item.data;
    const who = item.actor?.name ?? translate('crm.timeline.system');
    const estimate = () => `${str(d, 'title') || translate('crm.timeline.estimate_n', { version: d.version })} · ${money(str(d, 'total'), str(d, 'currency'))}`;
    switch (item.kind) {
      case 'messages':
        return {
          title: translate('crm.timeline.messages', { inbound: d.inbound, outbound: d.outbound }),
          body: str(d, 'last'),
          link: `/chat?c=lead-${leadId}`,
        };
      case 'status':
        return {
          title: translate('crm.timeline.status', { who, from: stageName(str(d, 'from')), to: stageName(str(d, 'to')) }),
          body: str(d, 'reason') ? translate('crm.timeline.reason', { reason: str(d, 'reason') }) : '',
        };
      case 'call':
        return {
          title: translate('crm.timeline.call', { who, outcome: translate(`crm.card.outcomes.${str(d, 'outcome')}`, { _: str(d, 'outcome') }) }),
          body: str(d, 'note'),
        };
      case 'merge': {
        const merged = (d.merged ?? {}) as Data;
        return {
          title: translate('crm.timeline.merge', { who, name: str(merged, 'name') || `#${merged.id}` }),
          body: [str(merged, 'phone'), str(merged, 'source')].filter(Boolean).join(' · '),
        };
      }
      case 'task_created': {
        const due = new Date(str(d, 'due_at')).toLocaleString(locale, {
          timeZone: organization?.timezone ?? 'UTC',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
        });
        return { title: translate('crm.timeline.task_created', { who, title: str(d, 'title') }), body: translate('crm.timeline.due', { due }) };
      }
      case 'task_done':
        return { title: translate('crm.timeline.task_done', { who, title: str(d, 'title') }), body: '' };
      case 'note':
        return { title: translate('crm.timeline.note', { who }), body: str(d, 'body') };
      case 'ai': {
        const result = (d.result ?? {}) as { hotness?: { score?: number }; lead?: Record<string, unknown> };
        const known = Object.entries(result.lead ?? {})
          .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
          .map(([k, v]) => `${translate(`resources.leads.fields.${k}`, { _: k })}: ${v}`);
        const body = [result.hotness?.score !== undefined ? translate('crm.timeline.hotness', { score: result.hotness.score }) : '', ...known, str(d, 'error')]
          .filter(Boolean)
          .join(' · ');
        return { title: translate(str(d, 'engine') === 'fallback' ? 'crm.timeline.ai_rules' : 'crm.timeline.ai'), body };
      }
      case 'estimate_created':
      case 'estimate_sent':
      case 'estimate_approved':
        return { title: translate(`crm.timeline.${item.kind}`, { who }), body: estimate(), link: `/estimates/${d.estimate_id}` };
      default:
        return { title: item.kind, body: '' };
    }
  };
}

/** Everything that happened to the lead, newest first, a page at a time. */
export function LeadTimeline({ leadId }: { leadId: number }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const describe = useDescribe();
  // Under `leads`, so a live change of the lead (or any action here) brings it up to date.
  const { data, hasNextPage, fetchNextPage, isFetchingNextPage, isPending } = useInfiniteQuery<TimelinePage>({
    queryKey: ['leads', leadId, 'timeline'],
    initialPageParam: null,
    queryFn: ({ pageParam }) => dataProvider.getLeadTimeline(leadId, pageParam as string | null),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return (
    <Box data-testid="lead-timeline">
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('crm.timeline.title')}
      </Typography>
      {!isPending && items.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('crm.timeline.empty')}
        </Typography>
      )}
      {items.map((item) => {
        const { title, body, link } = describe(item, leadId);
        const Icon = TIMELINE_ICONS[item.kind];
        return (
          <Box key={item.key} sx={{ display: 'flex', gap: 1, py: 0.75, borderBottom: 1, borderColor: 'divider' }} data-testid={`timeline-${item.kind}`}>
            <Icon fontSize="small" color="action" sx={{ mt: 0.25 }} />
            <Box sx={{ minWidth: 0, flex: 1 }}>
              <Typography variant="body2">
                {link ? (
                  <MuiLink component={Link} to={link}>
                    {title}
                  </MuiLink>
                ) : (
                  title
                )}
              </Typography>
              {body && (
                <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                  {body}
                </Typography>
              )}
              <Typography variant="caption" color="text.secondary">
                {when(item.at)}
              </Typography>
            </Box>
          </Box>
        );
      })}
      {hasNextPage && (
        <Button size="small" onClick={() => fetchNextPage()} disabled={isFetchingNextPage}>
          {translate('crm.timeline.older')}
        </Button>
      )}
    </Box>
  );
}
