import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Grid,
  LinearProgress,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useTranslate } from 'react-admin';

const SHOWN_ROWS = 200;

/** What the server's preview of any spreadsheet import answers. */
export interface SpreadsheetPreview<F extends string> {
  columns: Array<{ index: number; header: string; samples: string[] }>;
  mapping: Partial<Record<F, number | null>>;
  rows: Array<{
    line: number;
    raw: Partial<Record<string, string>>;
    errors: Partial<Record<string, string>>;
    notes?: Partial<Record<string, string>>;
    action: string;
  }>;
  summary: Record<string, number> & { total: number; errors: number };
}

export interface ImportProgress {
  done: number;
  total: number;
}

interface Props<F extends string, P extends SpreadsheetPreview<F>, R> {
  open: boolean;
  onClose: () => void;
  /** Translation keys: `<prefix>.import_title`, `.import_help`, `.summary`, `.actions.<action>`, `.imported`. */
  prefix: string;
  fields: readonly F[];
  fieldLabel: (field: F) => string;
  preview: (file: File, mapping?: P['mapping']) => Promise<P>;
  commit: (file: File, mapping: P['mapping'], skipInvalid: boolean, onProgress: (progress: ImportProgress) => void) => Promise<R>;
  /** Rows that would write something: the import button stays off without any. */
  importable: (summary: P['summary']) => number;
  onDone: (result: R) => void;
  /** Options of this import beside the mapping (shown above the preview). */
  options?: ReactNode;
  /** Changes when an option changes: the preview of the chosen file is read again with the current mapping. */
  optionsKey?: string;
  /** A cell explaining a row beyond its errors (a duplicate, say). */
  rowDetail?: (row: P['rows'][number]) => ReactNode;
}

/**
 * Upload → the server's preview with a guessed column mapping → adjust it → import in one go, with
 * progress when the server reports it. The server reads, checks and writes; this only shows.
 */
export function SpreadsheetImportDialog<F extends string, P extends SpreadsheetPreview<F>, R>(props: Props<F, P, R>) {
  const { open, onClose, prefix, fields, fieldLabel, importable } = props;
  const translate = useTranslate();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<P | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (picked: File, mapping?: P['mapping']) => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await props.preview(picked, mapping));
    } catch (e) {
      setPreview(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const seenOptions = useRef(props.optionsKey);
  useEffect(() => {
    if (seenOptions.current === props.optionsKey) return;
    seenOptions.current = props.optionsKey;
    if (file) void load(file, preview?.mapping);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an option change re-reads the file
  }, [props.optionsKey]);
  const close = () => {
    if (busy && progress) return; // an import in flight finishes (or fails) before the dialog goes
    setFile(null);
    setPreview(null);
    setError(null);
    setSkipInvalid(false);
    setProgress(null);
    onClose();
  };
  const remap = (field: F, value: string) => {
    if (!file || !preview) return;
    void load(file, { ...preview.mapping, [field]: value === '' ? null : Number(value) });
  };
  const commit = async () => {
    if (!file || !preview) return;
    setBusy(true);
    setError(null);
    setProgress({ done: 0, total: importable(preview.summary) });
    try {
      const result = await props.commit(file, preview.mapping, skipInvalid, setProgress);
      setBusy(false);
      setProgress(null);
      props.onDone(result);
      close();
    } catch (e) {
      setError((e as Error).message);
      setProgress(null);
      setBusy(false);
    }
  };
  const summary = preview?.summary;
  const canImport = !!summary && importable(summary) > 0 && (summary.errors === 0 || skipInvalid);
  const mapped = preview ? fields.filter((f) => preview.mapping[f] !== null && preview.mapping[f] !== undefined) : [];

  return (
    <Dialog open={open} onClose={close} maxWidth="lg" fullWidth>
      <DialogTitle>{translate(`${prefix}.import_title`)}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate(`${prefix}.import_help`)}
        </Typography>
        <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} disabled={busy}>
          {file ? file.name : translate('crm.import.choose_file')}
          <input
            type="file"
            hidden
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              e.target.value = '';
              if (!picked) return;
              setFile(picked);
              void load(picked);
            }}
          />
        </Button>
        {busy && !progress && <LinearProgress sx={{ mt: 2 }} aria-label={translate('crm.import.reading')} />}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
        {preview && (
          <>
            {props.options && <Box sx={{ mt: 2 }}>{props.options}</Box>}
            <Typography variant="subtitle2" sx={{ mt: 3, mb: 1 }}>
              {translate('crm.import.mapping')}
            </Typography>
            <Grid container spacing={2}>
              {fields.map((field) => (
                <Grid key={field} size={{ xs: 6, md: 2 }}>
                  <TextField
                    select
                    fullWidth
                    size="small"
                    label={fieldLabel(field)}
                    data-field={field}
                    value={preview.mapping[field] ?? ''}
                    onChange={(e) => remap(field, e.target.value)}
                    disabled={busy}
                  >
                    <MenuItem value="">{translate('crm.import.not_mapped')}</MenuItem>
                    {preview.columns.map((c) => (
                      <MenuItem key={c.index} value={c.index}>
                        {c.header || `#${c.index + 1}`}
                      </MenuItem>
                    ))}
                  </TextField>
                </Grid>
              ))}
            </Grid>
            <Alert severity={summary!.errors ? 'warning' : 'info'} sx={{ mt: 2 }} data-testid="import-summary">
              {translate(`${prefix}.summary`, summary!)}
            </Alert>
            <Box sx={{ maxHeight: 360, overflow: 'auto', mt: 1 }}>
              <Table size="small" stickyHeader>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('crm.import.line')}</TableCell>
                    {mapped.map((f) => (
                      <TableCell key={f}>{fieldLabel(f)}</TableCell>
                    ))}
                    <TableCell>{translate('crm.import.action')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {preview.rows.slice(0, SHOWN_ROWS).map((row) => (
                    <TableRow key={row.line} data-action={row.action} sx={row.action === 'error' ? { bgcolor: 'error.50' } : undefined}>
                      <TableCell>{row.line}</TableCell>
                      {mapped.map((f) => (
                        <TableCell key={f} sx={row.errors[f] ? { color: 'error.main' } : undefined}>
                          {row.raw[f]}
                          {row.errors[f] && (
                            <Typography variant="caption" display="block">
                              {row.errors[f]}
                            </Typography>
                          )}
                          {row.notes?.[f] && (
                            <Typography variant="caption" display="block" color="warning.main">
                              {row.notes[f]}
                            </Typography>
                          )}
                        </TableCell>
                      ))}
                      <TableCell>
                        {translate(`${prefix}.actions.${row.action}`)}
                        {props.rowDetail?.(row)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
            {preview.rows.length > SHOWN_ROWS && (
              <Typography variant="caption">{translate('crm.import.more_rows', { count: preview.rows.length - SHOWN_ROWS })}</Typography>
            )}
            {summary!.errors > 0 && (
              <FormControlLabel
                control={<Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />}
                label={translate('crm.import.skip_invalid', { count: summary!.errors })}
              />
            )}
            {progress && (
              <Box sx={{ mt: 2 }} data-testid="import-progress">
                <LinearProgress variant="determinate" value={progress.total ? (100 * progress.done) / progress.total : 0} />
                <Typography variant="caption">{translate('crm.import.progress', progress)}</Typography>
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy && !!progress}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={commit} disabled={!canImport || busy}>
          {translate('crm.import.import_now')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
