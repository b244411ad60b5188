import type { ReactNode } from 'react';
import { Box, Stack, Typography } from '@mui/material';
import InboxIcon from '@mui/icons-material/Inbox';
import { CreateButton, useResourceContext, useTranslate } from 'react-admin';

/** A helpful empty list: what will appear here and how to get it, with a create button when it makes sense. */
export function EmptyState({ message, create = true, children }: { message: string; create?: boolean; children?: ReactNode }) {
  const translate = useTranslate();
  const resource = useResourceContext();
  return (
    <Box sx={{ textAlign: 'center', p: 6, maxWidth: 520, mx: 'auto' }}>
      <InboxIcon sx={{ fontSize: 64, color: 'text.disabled' }} />
      <Typography variant="body1" color="text.secondary" sx={{ my: 2 }}>
        {translate(message)}
      </Typography>
      <Stack direction="row" spacing={2} justifyContent="center">
        {create && resource && <CreateButton variant="contained" />}
        {children}
      </Stack>
    </Box>
  );
}
