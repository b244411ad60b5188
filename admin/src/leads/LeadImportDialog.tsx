import { useState } from 'react';
import { MenuItem, TextField, Typography } from '@mui/material';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { SpreadsheetImportDialog } from '../common/SpreadsheetImportDialog';
import { LEAD_IMPORT_FIELDS, type CrmDataProvider, type LeadDuplicateMode, type LeadImportPreview } from '../providers/dataProvider';

const DUPLICATE_MODES: LeadDuplicateMode[] = ['skip', 'update', 'create'];

/**
 * Leads and contacts from amoCRM or Bitrix24 (their CSV or XLSX export): columns recognised by their
 * Russian or English headers, phones read in the organization's country, duplicates by phone.
 */
export function LeadImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [duplicates, setDuplicates] = useState<LeadDuplicateMode>('skip');
  const close = () => {
    setDuplicates('skip');
    onClose();
  };
  const options = (
    <TextField
      select
      size="small"
      label={translate('crm.lead_import.duplicates')}
      value={duplicates}
      sx={{ minWidth: 320 }}
      onChange={(e) => setDuplicates(e.target.value as LeadDuplicateMode)}
    >
      {DUPLICATE_MODES.map((mode) => (
        <MenuItem key={mode} value={mode}>
          {translate(`crm.lead_import.duplicate_modes.${mode}`)}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <SpreadsheetImportDialog<(typeof LEAD_IMPORT_FIELDS)[number], LeadImportPreview, Awaited<ReturnType<CrmDataProvider['commitLeadImport']>>>
      open={open}
      optionsKey={duplicates}
      onClose={close}
      prefix="crm.lead_import"
      fields={LEAD_IMPORT_FIELDS}
      fieldLabel={(field) => translate(`crm.lead_import.fields.${field}`)}
      preview={(file, mapping) => dataProvider.previewLeadImport(file, { mapping, duplicates })}
      commit={(file, mapping, skipInvalid, onProgress) => dataProvider.commitLeadImport(file, { mapping, duplicates, skip_invalid: skipInvalid }, onProgress)}
      importable={(summary) => summary.create + summary.update}
      options={options}
      rowDetail={(row) =>
        row.duplicate_of && (
          <Typography variant="caption" display="block" color="text.secondary">
            {row.duplicate_of.lead_id
              ? translate('crm.lead_import.duplicate_of_lead', { name: row.duplicate_of.name, id: row.duplicate_of.lead_id })
              : translate('crm.lead_import.duplicate_of_row', { line: row.duplicate_of.line })}
          </Typography>
        )
      }
      onDone={(result) => {
        notify('crm.lead_import.imported', { type: 'success', messageArgs: result });
        refresh();
      }}
    />
  );
}
