import { useEffect, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { ContractTemplate, CrmDataProvider } from '../providers/dataProvider';

/**
 * The organization's contract template: plain text with {{placeholders}} (listed as chips that
 * insert themselves). The server refuses unknown placeholders and names them under the field.
 */
export function ContractTemplateCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [template, setTemplate] = useState<ContractTemplate | null>(null);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dataProvider.getContractTemplate().then(
      (t) => {
        setTemplate(t);
        setBody(t.body);
      },
      (e: Error) => notify(e.message, { type: 'error' }),
    );
  }, [dataProvider, notify]);
  if (!template) return null;
  const save = async (value: string | null) => {
    setBusy(true);
    try {
      const saved = await dataProvider.saveContractTemplate(value);
      setTemplate(saved);
      setBody(saved.body);
      setError(undefined);
      notify('crm.contract_template.saved', { type: 'success' });
    } catch (e) {
      setError((e as { body?: { errors?: Record<string, string> } }).body?.errors?.body ?? (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card variant="outlined" sx={{ mt: 3 }} data-testid="contract-template">
      <CardContent>
        <Typography variant="h6">{translate('crm.contract_template.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(template.is_default ? 'crm.contract_template.built_in' : 'crm.contract_template.own')}
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 1 }}>
          {template.placeholders.map((p) => (
            <Chip key={p} size="small" label={`{{${p}}}`} onClick={() => setBody((b) => `${b}{{${p}}}`)} />
          ))}
        </Box>
        <TextField
          name="contract_template"
          fullWidth
          multiline
          minRows={12}
          maxRows={30}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          error={Boolean(error)}
          helperText={error ?? translate('crm.contract_template.help')}
          inputProps={{ style: { fontFamily: 'monospace', fontSize: 13 } }}
        />
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          <Button variant="contained" disabled={busy || !body.trim()} onClick={() => save(body)}>
            {translate('crm.contract_template.save')}
          </Button>
          {!template.is_default && (
            <Button disabled={busy} onClick={() => save(null)}>
              {translate('crm.contract_template.reset')}
            </Button>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
