import type { MeasuredRoom, MeasurementView } from '@crm/contracts';
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';

export type { MeasuredRoom };
export type Measurement = MeasurementView;

/** What the estimator sent from the visits: rooms with their sizes, the notes and the photos. */
export function MeasurementPanel({ leadId }: { leadId: number }) {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<Measurement>('measurements', {
    filter: { lead_id: leadId },
    sort: { field: 'created_at', order: 'DESC' },
    pagination: { page: 1, perPage: 10 },
  });
  if (isPending) return null;
  if (!data.length)
    return (
      <Typography color="text.secondary" variant="body2" data-testid="measurement-empty">
        {translate('crm.measurements.empty')}
      </Typography>
    );
  return (
    <Box data-testid="measurement-panel">
      {data.map((m) => (
        <Box key={m.id} sx={{ mb: 2 }}>
          <Typography variant="caption" color="text.secondary">
            {new Date(m.created_at).toLocaleString()}
            {m.author_name ? ` · ${m.author_name}` : ''}
          </Typography>
          {m.rooms.length > 0 && (
            <Table size="small" data-testid="measured-rooms">
              <TableHead>
                <TableRow>
                  {['room', 'length', 'width', 'height'].map((f) => (
                    <TableCell key={f} align={f === 'room' ? 'left' : 'right'}>
                      {translate(`crm.measurements.${f}`)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {m.rooms.map((r, i) => (
                  <TableRow key={i}>
                    <TableCell>{r.name || translate('crm.measurements.room_n', { n: i + 1 })}</TableCell>
                    <TableCell align="right">{r.length ?? '—'}</TableCell>
                    <TableCell align="right">{r.width ?? '—'}</TableCell>
                    <TableCell align="right">{r.height ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {m.notes && (
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mt: 1 }}>
              {m.notes}
            </Typography>
          )}
          {m.media.length > 0 && (
            <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 1 }}>
              {m.media.map((item, i) =>
                item.url ? (
                  <a key={i} href={item.url} target="_blank" rel="noreferrer">
                    <img src={item.url} alt="" style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 4 }} />
                  </a>
                ) : (
                  <Box
                    key={i}
                    sx={{
                      width: 72,
                      height: 72,
                      bgcolor: 'action.hover',
                      borderRadius: 1,
                      display: 'grid',
                      placeItems: 'center',
                      fontSize: 11,
                      textAlign: 'center',
                    }}
                  >
                    {translate(item.pending ? 'crm.measurements.photo_loading' : 'crm.measurements.photo_missing')}
                  </Box>
                ),
              )}
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}

/** Sections of a new estimate from the latest measurement's rooms (names and sizes, no lines yet). */
export function sectionsFromRooms(rooms: MeasuredRoom[], name: (n: number) => string) {
  return rooms.map((r, i) => ({ name: r.name || name(i + 1), length: r.length, width: r.width, height: r.height, openings: [], lines: [] }));
}
