import { Grid } from '@mui/material';
import { BooleanInput, NumberInput, SelectInput, TextInput, required, useRecordContext } from 'react-admin';
import { useChoices } from '../common/EnumField';
import { PROPERTY_TYPES, WORK_TYPES } from './statuses';
import { usePipeline } from './usePipeline';
import { LostReasonInput } from './card/LostReasonInput';
import { ManagerInput } from '../users/managers';

export function LeadInputs() {
  const record = useRecordContext();
  const statuses = usePipeline().choices(record?.status as string | undefined);
  const workTypes = useChoices('work_type', WORK_TYPES);
  const properties = useChoices('property_type', PROPERTY_TYPES);
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%' }}>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="name" validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <TextInput source="phone" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="status" choices={statuses} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="source" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <ManagerInput source="manager_id" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="work_type" choices={workTypes} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="property_type" choices={properties} />
      </Grid>
      <Grid size={{ xs: 6, md: 2 }}>
        <TextInput source="area_m2" />
      </Grid>
      <Grid size={{ xs: 6, md: 2 }}>
        <NumberInput source="rooms" min={0} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="budget_amount" helperText="12500.00" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="timing" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="address" />
      </Grid>
      <Grid size={12}>
        <TextInput source="ai_summary" multiline minRows={2} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <BooleanInput source="ai_enabled" />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <LostReasonInput />
      </Grid>
    </Grid>
  );
}
