import type { DailyReportRecord, ProjectRecord, ReportMediaView } from '@crm/contracts';
import { Box, Card, CardContent, CardHeader, ImageList, ImageListItem, Typography } from '@mui/material';
import { ReferenceField, TextField, useGetList, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { RecordContextProvider } from 'react-admin';

type Media = ReportMediaView;

const isVideo = (m: Media) => (m.type ?? m.mime_type ?? '').includes('video');

/** Daily reports as a feed: newest first, photos in a grid, voice notes playable. */
export function ReportsFeed() {
  const project = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data: reports = [], isPending } = useGetList<DailyReportRecord>(
    'daily-reports',
    {
      filter: { project_id: project?.id },
      sort: { field: 'created_at', order: 'DESC' },
      pagination: { page: 1, perPage: 50 },
    },
    { enabled: Boolean(project) },
  );
  if (isPending) return null;
  if (!reports.length)
    return (
      <Typography color="text.secondary" sx={{ p: 2 }}>
        {translate('crm.projects.no_reports')}
      </Typography>
    );
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 760 }}>
      {reports.map((report) => (
        <RecordContextProvider key={report.id} value={report}>
          <Card variant="outlined">
            <CardHeader
              title={
                <ReferenceField source="author_id" reference="users" link={false} emptyText="—">
                  <TextField source="name" />
                </ReferenceField>
              }
              subheader={
                <>
                  {new Date(report.created_at).toLocaleString(locale)}
                  {report.stage_id ? ' · ' : ''}
                  <ReferenceField source="stage_id" reference="stages" link={false} emptyText="">
                    <TextField source="name" />
                  </ReferenceField>
                  {report.progress_pct !== null ? ` · ${report.progress_pct}%` : ''}
                </>
              }
            />
            <CardContent sx={{ pt: 0 }}>
              {report.content && <Typography sx={{ whiteSpace: 'pre-wrap', mb: 1 }}>{report.content}</Typography>}
              {report.media_urls.length > 0 && (
                <ImageList cols={3} gap={6} rowHeight={160}>
                  {report.media_urls
                    .filter((m) => m.url)
                    .map((m, i) => (
                      <ImageListItem key={i}>
                        {isVideo(m) ? (
                          <video src={m.url!} controls preload="metadata" style={{ height: 160, width: '100%', objectFit: 'cover' }} />
                        ) : (
                          <a href={m.url!} target="_blank" rel="noreferrer">
                            <img src={m.url!} alt="" loading="lazy" style={{ height: 160, width: '100%', objectFit: 'cover', borderRadius: 6 }} />
                          </a>
                        )}
                      </ImageListItem>
                    ))}
                </ImageList>
              )}
              {report.media_urls.some((m) => m.not_saved) && (
                <Typography variant="caption" color="warning.main" data-testid="media-not-saved">
                  {translate('crm.projects.media_not_saved', { smart_count: report.media_urls.filter((m) => m.not_saved).length })}
                </Typography>
              )}
              {report.voice_url && <audio controls src={report.voice_url} preload="none" />}
            </CardContent>
          </Card>
        </RecordContextProvider>
      ))}
    </Box>
  );
}
