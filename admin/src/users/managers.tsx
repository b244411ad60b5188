import type { UserRecord } from '@crm/contracts';
import { ReferenceInput, SelectInput, useGetList } from 'react-admin';

/** Who can manage a lead, a project or a client, and be given a task: the organization's admins and managers. */
const MANAGER_ROLES = ['admin', 'manager'];

/** A picker of one of the organization's managers (admins included); other props go to the ReferenceInput (a filter form sets some). */
export function ManagerInput({ source, label, ...rest }: { source: string; label?: string; alwaysOn?: boolean; [prop: string]: unknown }) {
  return (
    <ReferenceInput {...rest} source={source} reference="users" filter={{ role: MANAGER_ROLES }}>
      <SelectInput optionText="name" label={label} />
    </ReferenceInput>
  );
}

/** The organization's active managers (admins included), by name. */
export function useManagers() {
  const { data = [] } = useGetList<UserRecord>('users', {
    filter: { role: MANAGER_ROLES, is_active: true },
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  return data;
}
