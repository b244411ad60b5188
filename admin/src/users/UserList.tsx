import { USER_ROLES, type UserRecord } from '@crm/contracts';
import { Chip } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import {
  BooleanField,
  Button,
  CreateButton,
  DataTable,
  List,
  SearchInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateField } from '../common/DateField';
import { Link } from 'react-router-dom';
import { EnumField, useChoices } from '../common/EnumField';
import { usePhone } from '../common/usePhone';

function TelegramStatus() {
  const record = useRecordContext<UserRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return record.telegram_linked ? (
    <Chip size="small" color="success" label={record.telegram_username ? `@${record.telegram_username}` : translate('crm.users.linked')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('crm.users.not_linked')} />
  );
}

const inviteWorker = `/users/create?source=${encodeURIComponent(JSON.stringify({ role: 'worker' }))}`;

function UserActions() {
  return (
    <TopToolbar>
      <Button component={Link} to={inviteWorker} label="crm.users.invite_worker">
        <PersonAddIcon />
      </Button>
      <CreateButton />
    </TopToolbar>
  );
}

export function UserList() {
  const roles = useChoices('role', USER_ROLES);
  const translate = useTranslate();
  const phone = usePhone();
  return (
    <List
      actions={<UserActions />}
      sort={{ field: 'name', order: 'ASC' }}
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.users.fields.q')} />,
        <SelectInput key="role" source="role" choices={roles} alwaysOn />,
      ]}
    >
      {phone ? (
        <SimpleList<UserRecord>
          linkType="edit"
          primaryText={(record) => record.name}
          secondaryText={(record) => record.email ?? record.phone}
          tertiaryText={<EnumField source="role" group="role" />}
        />
      ) : (
        <DataTable rowClick="edit">
          <DataTable.Col source="name" />
          <DataTable.Col source="role">
            <EnumField source="role" group="role" />
          </DataTable.Col>
          <DataTable.Col source="email" />
          <DataTable.Col source="phone" />
          <DataTable.Col source="telegram_linked" disableSort>
            <TelegramStatus />
          </DataTable.Col>
          <DataTable.Col source="is_active">
            <BooleanField source="is_active" />
          </DataTable.Col>
          <DataTable.Col source="created_at">
            <DateField source="created_at" />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
}
