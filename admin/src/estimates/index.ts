import EstimateIcon from '@mui/icons-material/RequestQuote';
import { lazyNamed } from '../common/lazyNamed';

// Estimates are opened from their lead or project, so the resource has no list of its own.
export default {
  edit: lazyNamed(() => import('./EstimateEditor'), 'EstimateEditor'),
  icon: EstimateIcon,
  recordRepresentation: (record: { version?: number; id: number }) => `v${record.version ?? ''} #${record.id}`,
};
