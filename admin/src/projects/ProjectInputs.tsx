import { PROJECT_STATUSES } from '@crm/contracts';
import { Grid } from '@mui/material';
import { DateInput, ReferenceArrayInput, ReferenceInput, SelectArrayInput, SelectInput, TextInput, required } from 'react-admin';
import { useChoices } from '../common/EnumField';
import { ManagerInput } from '../users/managers';

export { PROJECT_STATUSES };

export function ProjectInputs() {
  const statuses = useChoices('project_status', PROJECT_STATUSES);
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%' }}>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="name" validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="address" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="status" choices={statuses} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <ReferenceInput source="client_id" reference="users" filter={{ role: 'client' }}>
          <SelectInput optionText="name" />
        </ReferenceInput>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <ManagerInput source="manager_id" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="budget_total" helperText="1500000.00" />
      </Grid>
      <Grid size={{ xs: 6, md: 4 }}>
        <DateInput source="start_date" />
      </Grid>
      <Grid size={{ xs: 6, md: 4 }}>
        <DateInput source="end_date" />
      </Grid>
      <Grid size={12}>
        <ReferenceArrayInput source="worker_ids" reference="users" filter={{ role: 'worker' }}>
          {/* Inside the reference the resource is "users": name the label from the project's own fields. */}
          <SelectArrayInput optionText="name" label="resources.projects.fields.worker_ids" />
        </ReferenceArrayInput>
      </Grid>
    </Grid>
  );
}
