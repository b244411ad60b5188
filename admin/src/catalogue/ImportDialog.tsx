import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { SpreadsheetImportDialog } from '../common/SpreadsheetImportDialog';
import type { CrmDataProvider } from '../providers/dataProvider';
import { IMPORT_FIELDS } from './units';

/** A price list from Excel or CSV: an item with the same name and unit is updated, others are added. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<CrmDataProvider>();
  return (
    <SpreadsheetImportDialog
      open={open}
      onClose={onClose}
      prefix="crm.catalogue"
      fields={IMPORT_FIELDS}
      fieldLabel={(field) => translate(`resources.catalog-items.fields.${field}`)}
      preview={(file, mapping) => dataProvider.previewCatalogueImport(file, { mapping })}
      commit={(file, mapping, skipInvalid) => dataProvider.commitCatalogueImport(file, { mapping, skip_invalid: skipInvalid })}
      importable={(summary) => summary.create + summary.update}
      onDone={(result) => {
        notify('crm.catalogue.imported', { type: 'success', messageArgs: result });
        refresh();
      }}
    />
  );
}
