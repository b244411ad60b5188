import { useState } from 'react';
import {
  Alert, Box, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Grid, MenuItem, TextField,
  Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { CatalogueImportPreview, CrmDataProvider } from '../providers/dataProvider';
import { IMPORT_FIELDS, type ImportField } from './units';

const SHOWN_ROWS = 200;

/** Upload → the server's preview with a guessed column mapping → adjust it → import in one go. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CatalogueImportPreview | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (picked: File, mapping?: CatalogueImportPreview['mapping']) => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await dataProvider.previewCatalogueImport(picked, { mapping }));
    } catch (e) {
      setPreview(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(null);
    setPreview(null);
    setError(null);
    setSkipInvalid(false);
    onClose();
  };
  const remap = (field: ImportField, value: string) => {
    if (!file || !preview) return;
    void load(file, { ...preview.mapping, [field]: value === '' ? null : Number(value) });
  };
  const commit = async () => {
    if (!file || !preview) return;
    setBusy(true);
    try {
      const result = await dataProvider.commitCatalogueImport(file, { mapping: preview.mapping, skip_invalid: skipInvalid });
      notify('crm.catalogue.imported', { type: 'success', messageArgs: result });
      refresh();
      close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const summary = preview?.summary;
  const canImport = !!summary && summary.create + summary.update > 0 && (summary.errors === 0 || skipInvalid);

  return (
    <Dialog open={open} onClose={close} maxWidth="lg" fullWidth>
      <DialogTitle>{translate('crm.catalogue.import_title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{translate('crm.catalogue.import_help')}</Typography>
        <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} disabled={busy}>
          {file ? file.name : translate('crm.catalogue.choose_file')}
          <input type="file" hidden accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              e.target.value = '';
              if (!picked) return;
              setFile(picked);
              void load(picked);
            }} />
        </Button>
        {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
        {preview && (
          <>
            <Typography variant="subtitle2" sx={{ mt: 3, mb: 1 }}>{translate('crm.catalogue.mapping')}</Typography>
            <Grid container spacing={2}>
              {IMPORT_FIELDS.map((field) => (
                <Grid key={field} size={{ xs: 6, md: 2 }}>
                  <TextField select fullWidth size="small" label={translate(`resources.catalog-items.fields.${field}`)}
                    value={preview.mapping[field] ?? ''} onChange={(e) => remap(field, e.target.value)} disabled={busy}>
                    <MenuItem value="">{translate('crm.catalogue.not_mapped')}</MenuItem>
                    {preview.columns.map((c) => <MenuItem key={c.index} value={c.index}>{c.header || `#${c.index + 1}`}</MenuItem>)}
                  </TextField>
                </Grid>
              ))}
            </Grid>
            <Alert severity={summary!.errors ? 'warning' : 'info'} sx={{ mt: 2 }}>
              {translate('crm.catalogue.summary', summary!)}
            </Alert>
            <Box sx={{ maxHeight: 360, overflow: 'auto', mt: 1 }}>
              <Table size="small" stickyHeader>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('crm.catalogue.line')}</TableCell>
                    {IMPORT_FIELDS.filter((f) => preview.mapping[f] !== null).map((f) => <TableCell key={f}>{translate(`resources.catalog-items.fields.${f}`)}</TableCell>)}
                    <TableCell>{translate('crm.catalogue.action')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.rows.slice(0, SHOWN_ROWS).map((row) => (
                    <TableRow key={row.line} sx={row.action === 'error' ? { bgcolor: 'error.50' } : undefined}>
                      <TableCell>{row.line}</TableCell>
                      {IMPORT_FIELDS.filter((f) => preview.mapping[f] !== null).map((f) => (
                        <TableCell key={f} sx={row.errors[f] ? { color: 'error.main' } : undefined}>
                          {row.raw[f]}
                          {row.errors[f] && <Typography variant="caption" display="block">{row.errors[f]}</Typography>}
                        </TableCell>
                      ))}
                      <TableCell>{translate(`crm.catalogue.actions.${row.action}`)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
            {preview.rows.length > SHOWN_ROWS && <Typography variant="caption">{translate('crm.catalogue.more_rows', { count: preview.rows.length - SHOWN_ROWS })}</Typography>}
            {summary!.errors > 0 && (
              <FormControlLabel control={<Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />}
                label={translate('crm.catalogue.skip_invalid', { count: summary!.errors })} />
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={commit} disabled={!canImport || busy}>{translate('crm.catalogue.import_now')}</Button>
      </DialogActions>
    </Dialog>
  );
}
