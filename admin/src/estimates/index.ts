import EstimateIcon from '@mui/icons-material/RequestQuote';
import { EstimateEditor } from './EstimateEditor';

// Estimates are opened from their lead or project, so the resource has no list of its own.
export default {
  edit: EstimateEditor,
  icon: EstimateIcon,
  recordRepresentation: (record: { version?: number; id: number }) => `v${record.version ?? ''} #${record.id}`,
};
