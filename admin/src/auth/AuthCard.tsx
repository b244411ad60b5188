import type { ReactNode } from 'react';
import { Avatar, Box, Card, CardContent, Typography } from '@mui/material';
import HomeRepairServiceIcon from '@mui/icons-material/HomeRepairService';
import { LocalesMenuButton } from 'react-admin';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #2f6f5e 0%, #8fbfa8 100%)',
      }}
    >
      <Box sx={{ position: 'absolute', top: 8, right: 8, color: 'white' }}>
        <LocalesMenuButton />
      </Box>
      <Card sx={{ width: 380, maxWidth: '95vw' }}>
        <CardContent sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 1 }}>
          <Avatar sx={{ bgcolor: 'secondary.main' }}>
            <HomeRepairServiceIcon />
          </Avatar>
          <Typography variant="h6">{title}</Typography>
          <Box sx={{ width: '100%' }}>{children}</Box>
        </CardContent>
      </Card>
    </Box>
  );
}
