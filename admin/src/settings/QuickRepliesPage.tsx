import { Box, Card, CardContent, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { QuickRepliesEditor } from './QuickRepliesEditor';

/** The quick replies on a screen of their own, for managers (admins also find them in Settings). */
export function QuickRepliesPage() {
  const translate = useTranslate();
  return (
    <Box sx={{ maxWidth: 900, mt: 2 }}>
      <Title title={translate('crm.inbox.quick_replies')} />
      <QuickRepliesCard />
    </Box>
  );
}

export function QuickRepliesCard() {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ mt: 3 }} data-testid="quick-replies-settings">
      <CardContent>
        <Typography variant="h6">{translate('crm.inbox.quick_replies')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('crm.inbox.quick_help')}
        </Typography>
        <QuickRepliesEditor />
      </CardContent>
    </Card>
  );
}
