import LeadIcon from '@mui/icons-material/ViewKanban';
import { lazyNamed } from '../common/lazyNamed';

export default {
  list: lazyNamed(() => import('./LeadList'), 'LeadList'),
  edit: lazyNamed(() => import('./LeadEdit'), 'LeadEdit'),
  create: lazyNamed(() => import('./LeadCreate'), 'LeadCreate'),
  icon: LeadIcon,
  recordRepresentation: (record: { name?: string; id: number }) => record.name || `#${record.id}`,
};
