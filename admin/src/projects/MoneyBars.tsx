import { Box, Typography } from '@mui/material';

export interface Bar {
  /** Names the figure for the page's readers (tests, screen readers): `money-<id>`. */
  id?: string;
  label: string;
  value: number;
  text: string;
  color: string;
}

/** A small horizontal bar chart in plain SVG: enough to compare plan and fact at a glance. */
export function MoneyBars({ bars }: { bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  return (
    <Box>
      {bars.map((bar) => (
        <Box key={bar.label} sx={{ mb: 1 }} data-testid={bar.id ? `money-${bar.id}` : undefined}>
          <Box sx={{ display: 'flex', justifyContent: 'space-between' }}>
            <Typography variant="body2" color="text.secondary">
              {bar.label}
            </Typography>
            <Typography variant="body2" fontWeight={600} data-role="amount">
              {bar.text}
            </Typography>
          </Box>
          <svg width="100%" height="12" role="img" aria-label={`${bar.label}: ${bar.text}`}>
            <rect x="0" y="0" width="100%" height="12" rx="6" fill="#eceeea" />
            <rect x="0" y="0" width={`${(Math.abs(bar.value) / max) * 100}%`} height="12" rx="6" fill={bar.color} />
          </svg>
        </Box>
      ))}
    </Box>
  );
}
