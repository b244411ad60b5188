import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import { session } from '../providers/session';

/** The signed-in user and their organization (currency, stale-lead days, locale), refreshed from /api/auth/me. */
export function useMe() {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { data } = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: () => dataProvider.getMe(),
    staleTime: 60_000,
    initialData: () => {
      const user = session.user();
      return user ? { user, organization: session.organization()! } : undefined;
    },
  });
  return { user: data?.user ?? null, organization: data?.organization ?? null };
}
