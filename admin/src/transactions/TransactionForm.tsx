import { TRANSACTION_TYPES, type TransactionRecord } from '@crm/contracts';
import { useState } from 'react';
import { Avatar, Box, Button, Grid } from '@mui/material';
import ReceiptIcon from '@mui/icons-material/Receipt';
import { Create, DateInput, Edit, ReferenceInput, SelectInput, SimpleForm, TextInput, required, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { useChoices } from '../common/EnumField';
import type { CrmDataProvider } from '../providers/dataProvider';

/** Uploads the receipt photo first and keeps its storage key in proof_url. */
function ReceiptInput() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { setValue } = useFormContext();
  const current = useWatch<TransactionRecord, 'proof_url'>({ name: 'proof_url' });
  const [preview, setPreview] = useState<string | null>(null);
  const pick = async (file: File) => {
    try {
      const stored = await dataProvider.upload(file);
      setValue('proof_url', stored.key, { shouldDirty: true });
      setPreview(stored.url);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const shown = preview ?? (current?.startsWith('http') || current?.startsWith('/') ? current : null);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
      {shown && <Avatar variant="rounded" src={shown} sx={{ width: 64, height: 64 }} />}
      <Button component="label" startIcon={<ReceiptIcon />} variant="outlined">
        {translate('crm.transactions.receipt')}
        <input type="file" accept="image/*,application/pdf" hidden onChange={(e) => e.target.files?.[0] && pick(e.target.files[0])} />
      </Button>
    </Box>
  );
}

function TransactionInputs() {
  const types = useChoices('transaction_type', TRANSACTION_TYPES);
  const statuses = useChoices('transaction_status', ['confirmed', 'rejected']);
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%' }}>
      <Grid size={{ xs: 12, md: 6 }}>
        <ReferenceInput source="project_id" reference="projects">
          <SelectInput optionText="name" validate={required()} />
        </ReferenceInput>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <DateInput source="occurred_on" validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="type" choices={types} validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="amount" validate={required()} helperText="4500.00" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="category" />
      </Grid>
      <Grid size={{ xs: 12, md: 8 }}>
        <TextInput source="description" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="status" choices={statuses} />
      </Grid>
      <Grid size={12}>
        <ReceiptInput />
      </Grid>
    </Grid>
  );
}

export const TransactionCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ type: 'expense', status: 'confirmed', category: 'materials', occurred_on: new Date().toISOString().slice(0, 10) }}>
      <TransactionInputs />
    </SimpleForm>
  </Create>
);

export const TransactionEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <TransactionInputs />
    </SimpleForm>
  </Edit>
);
