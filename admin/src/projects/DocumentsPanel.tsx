import { DOCUMENT_KINDS, type DocumentRecord, type ProjectRecord } from '@crm/contracts';
import { useRef, useState } from 'react';
import { Box, Button, List, ListItem, ListItemIcon, ListItemText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import DescriptionIcon from '@mui/icons-material/Description';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useCreate, useDataProvider, useGetList, useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import NoteAddIcon from '@mui/icons-material/NoteAdd';
import type { CrmDataProvider } from '../providers/dataProvider';

const KINDS = DOCUMENT_KINDS;

export function DocumentsPanel() {
  const project = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [create] = useCreate();
  const fileInput = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('contract');
  const [busy, setBusy] = useState(false);
  const refresh = useRefresh();
  const { data: documents = [], isPending } = useGetList<DocumentRecord>(
    'documents',
    {
      filter: { project_id: project?.id },
      sort: { field: 'created_at', order: 'DESC' },
      pagination: { page: 1, perPage: 100 },
    },
    { enabled: Boolean(project) },
  );
  if (!project) return null;

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const stored = await dataProvider.upload(file);
      await create(
        'documents',
        {
          data: { project_id: project.id, title: title.trim() || file.name, kind, url: stored.key, mime_type: stored.mime_type, size: stored.size },
        },
        { returnPromise: true },
      );
      setTitle('');
      notify('crm.projects.uploaded', { type: 'success' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const makeContract = async () => {
    setBusy(true);
    try {
      await dataProvider.generateContract(project.id);
      notify('crm.contract_template.generated', { type: 'success' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 760 }}>
      <Button variant="outlined" startIcon={<NoteAddIcon />} disabled={busy} onClick={makeContract} sx={{ mb: 1 }}>
        {translate('crm.contract_template.generate')}
      </Button>
      {!isPending && documents.length === 0 && <Typography color="text.secondary">{translate('crm.projects.no_documents')}</Typography>}
      <List dense>
        {documents.map((doc) => (
          <ListItem
            key={doc.id}
            secondaryAction={
              doc.url && (
                <Button href={doc.url} target="_blank" rel="noreferrer" download>
                  {translate('ra.action.open')}
                </Button>
              )
            }
          >
            <ListItemIcon>
              <DescriptionIcon />
            </ListItemIcon>
            <ListItemText
              primary={doc.title}
              secondary={`${translate(`crm.document_kind.${doc.kind}`)} · ${new Date(doc.created_at).toLocaleDateString(locale)}${doc.size ? ` · ${Math.ceil(doc.size / 1024)} KB` : ''}`}
            />
          </ListItem>
        ))}
      </List>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 2 }}>
        <TextField size="small" label={translate('resources.documents.fields.title')} value={title} onChange={(e) => setTitle(e.target.value)} />
        <TextField
          size="small"
          select
          label={translate('resources.documents.fields.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
          sx={{ minWidth: 140 }}
        >
          {KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {translate(`crm.document_kind.${k}`)}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" startIcon={<UploadFileIcon />} disabled={busy} onClick={() => fileInput.current?.click()}>
          {translate('crm.projects.upload')}
        </Button>
        <input ref={fileInput} type="file" hidden data-testid="document-file" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
      </Stack>
    </Box>
  );
}
