import { Grid } from '@mui/material';
import { BooleanInput, Create, Edit, ReferenceInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useChoices } from '../common/EnumField';
import { KINDS, UNITS } from './units';

/** A work may consume one material: which, and how much per unit of the work. */
function Consumption() {
  const kind = useWatch({ name: 'kind' }) as string | undefined;
  if (kind === 'material') return null;
  return (
    <>
      <Grid size={{ xs: 12, md: 8 }}>
        <ReferenceInput source="material_id" reference="catalog-items" filter={{ kind: 'material' }} sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput optionText="name" emptyText="—" />
        </ReferenceInput>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="material_qty" helperText="1,1" />
      </Grid>
    </>
  );
}

function CatalogueInputs() {
  const kinds = useChoices('catalogue_kind', KINDS);
  const units = useChoices('unit', UNITS);
  return (
    <Grid container columnSpacing={2} sx={{ width: '100%' }}>
      <Grid size={{ xs: 12, md: 8 }}>
        <TextInput source="name" validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="kind" choices={kinds} validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <SelectInput source="unit" choices={units} validate={required()} />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="price" validate={required()} helperText="8 500,00" />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <TextInput source="category" />
      </Grid>
      <Consumption />
      <Grid size={12}>
        <TextInput source="description" multiline />
      </Grid>
      <Grid size={12}>
        <BooleanInput source="archived" />
      </Grid>
    </Grid>
  );
}

export const CatalogueCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ kind: 'work', unit: 'm2', archived: false }}>
      <CatalogueInputs />
    </SimpleForm>
  </Create>
);

export const CatalogueEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <CatalogueInputs />
    </SimpleForm>
  </Edit>
);
