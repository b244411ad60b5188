import { useState } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import ListAltIcon from '@mui/icons-material/ListAlt';
import {
  BooleanInput,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  ReferenceField,
  SearchInput,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { EnumField, EnumText, useChoices } from '../common/EnumField';
import { MoneyField } from '../common/money';
import { ExportMenu } from '../common/ExportMenu';
import { usePhone } from '../common/usePhone';
import { ImportDialog } from './ImportDialog';
import { KINDS, UNITS } from './units';

function Actions({ onImport }: { onImport: () => void }) {
  const translate = useTranslate();
  return (
    <TopToolbar>
      <FilterButton />
      <Button size="small" startIcon={<UploadFileIcon />} onClick={onImport}>
        {translate('crm.catalogue.import')}
      </Button>
      <ExportMenu />
      <CreateButton label="crm.catalogue.add" />
    </TopToolbar>
  );
}

function Empty({ onImport }: { onImport: () => void }) {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', p: 6, maxWidth: 560, mx: 'auto' }}>
      <ListAltIcon sx={{ fontSize: 64, color: 'text.disabled' }} />
      <Typography variant="body1" color="text.secondary" sx={{ my: 2 }}>
        {translate('crm.catalogue.empty')}
      </Typography>
      <Stack direction="row" spacing={2} justifyContent="center">
        <Button variant="contained" startIcon={<UploadFileIcon />} onClick={onImport}>
          {translate('crm.catalogue.import')}
        </Button>
        <CreateButton variant="outlined" label="crm.catalogue.add" />
      </Stack>
    </Box>
  );
}

export function CatalogueList() {
  const translate = useTranslate();
  const [importing, setImporting] = useState(false);
  const phone = usePhone();
  const kinds = useChoices('catalogue_kind', KINDS);
  const units = useChoices('unit', UNITS);
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.catalog-items.fields.q')} />,
    <SelectInput key="kind" source="kind" choices={kinds} alwaysOn />,
    <TextInput key="category" source="category" alwaysOn />,
    <SelectInput key="unit" source="unit" choices={units} />,
    <BooleanInput key="archived" source="archived" />,
  ];
  return (
    <>
      <List
        filters={filters}
        sort={{ field: 'name', order: 'ASC' }}
        perPage={50}
        empty={<Empty onImport={() => setImporting(true)} />}
        actions={<Actions onImport={() => setImporting(true)} />}
      >
        {phone ? (
          <SimpleList
            linkType="edit"
            primaryText={(record) => record.name}
            secondaryText={<EnumText source="unit" group="unit" />}
            tertiaryText={<MoneyField source="price" />}
          />
        ) : (
          <DataTable rowClick="edit">
            <DataTable.Col source="name" />
            <DataTable.Col source="kind">
              <EnumField source="kind" group="catalogue_kind" />
            </DataTable.Col>
            <DataTable.Col source="category" />
            <DataTable.Col source="unit">
              <EnumText source="unit" group="unit" />
            </DataTable.Col>
            <DataTable.Col source="price" align="right">
              <MoneyField source="price" />
            </DataTable.Col>
            <DataTable.Col source="material_id" disableSort>
              <ReferenceField source="material_id" reference="catalog-items" link={false} />
            </DataTable.Col>
          </DataTable>
        )}
      </List>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
