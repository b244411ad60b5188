import { useState } from 'react';
import { Button, CircularProgress } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useDataProvider, useListContext, useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';

/**
 * Downloads the list as it is filtered and sorted, made by the server: CSV that Russian Excel opens
 * by double click, or XLSX; names instead of ids and permanent links to the records.
 */
export function ExportMenu() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { resource, filterValues, sort } = useListContext();
  const [locale] = useLocaleState();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      await dataProvider.exportList(resource, format, { filter: filterValues, sort, locale: locale === 'en' ? 'en' : 'ru' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(null);
    }
  };
  const icon = (format: 'csv' | 'xlsx') => (busy === format ? <CircularProgress size={14} /> : <DownloadIcon />);
  return (
    <>
      <Button size="small" startIcon={icon('csv')} disabled={!!busy} onClick={() => void download('csv')}>
        {translate('crm.import.export_csv')}
      </Button>
      <Button size="small" startIcon={icon('xlsx')} disabled={!!busy} onClick={() => void download('xlsx')}>
        {translate('crm.import.export_xlsx')}
      </Button>
    </>
  );
}
