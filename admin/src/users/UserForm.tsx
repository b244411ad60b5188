import { USER_ROLES, type UserRecord } from '@crm/contracts';
import { Alert, Grid } from '@mui/material';
import {
  BooleanInput,
  Create,
  Edit,
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextInput,
  email,
  required,
  useDataProvider,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CrmDataProvider } from '../providers/dataProvider';
import { TelegramLinkButton } from '../people/TelegramLinkDialog';
import { useChoices } from '../common/EnumField';
import { ManagerInput } from './managers';

function UserInputs({ creating }: { creating: boolean }) {
  const roles = useChoices('role', USER_ROLES);
  const translate = useTranslate();
  const role = useWatch<UserRecord, 'role'>({ name: 'role' });
  const staff = role === 'admin' || role === 'manager';
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%', maxWidth: 800 }}>
      {role === 'worker' && creating && (
        <Grid size={12}>
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate('crm.users.invite_help')}
          </Alert>
        </Grid>
      )}
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="name" validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <SelectInput source="role" choices={roles} validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="phone" validate={role === 'worker' ? required() : undefined} helperText={translate('crm.users.phone_help')} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="email" type="email" validate={staff ? [required(), email()] : email()} />
      </Grid>
      {staff && (
        <Grid size={{ xs: 12, md: 6 }}>
          <PasswordInput source="password" validate={creating ? required() : undefined} autoComplete="new-password" />
        </Grid>
      )}
      {role === 'client' && (
        <Grid size={{ xs: 12, md: 6 }}>
          <ManagerInput source="manager_id" label="resources.leads.fields.manager_id" />
        </Grid>
      )}
      {!creating && (
        <Grid size={12}>
          <BooleanInput source="is_active" />
        </Grid>
      )}
      {!creating && (
        <Grid size={12}>
          <InviteLink />
        </Grid>
      )}
    </Grid>
  );
}

/** A one-time link the manager sends or copies: the person opens it and their Telegram is linked. */
function InviteLink() {
  const record = useRecordContext<UserRecord>();
  const dataProvider = useDataProvider<CrmDataProvider>();
  if (!record || record.is_active === false) return null;
  return (
    <TelegramLinkButton
      label={record.telegram_linked ? 'crm.people.relink_telegram' : 'crm.people.invite_link'}
      help="crm.people.invite_help"
      issue={() => dataProvider.inviteUser(record.id)}
    />
  );
}

// Only what the form edits goes back: the list shape carries read-only fields (telegram_linked, created_at).
type UserFormValues = Partial<Pick<UserRecord, 'name' | 'role' | 'phone' | 'email' | 'is_active' | 'manager_id'>> & { password?: string };
const pick = ({ name, role, phone, email: mail, password, is_active, manager_id }: UserFormValues) => ({
  name,
  role,
  phone: phone || null,
  email: mail || null,
  ...(password ? { password } : {}),
  ...(is_active === undefined ? {} : { is_active }),
  manager_id: manager_id ?? null,
});

export const UserCreate = () => (
  <Create redirect="list" transform={pick}>
    <SimpleForm defaultValues={{ role: 'manager' }}>
      <UserInputs creating />
    </SimpleForm>
  </Create>
);

export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" transform={pick}>
    <SimpleForm>
      <UserInputs creating={false} />
    </SimpleForm>
  </Edit>
);
