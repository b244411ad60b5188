import LeadIcon from '@mui/icons-material/ViewKanban';
import { LeadCreate } from './LeadCreate';
import { LeadEdit } from './LeadEdit';
import { LeadList } from './LeadList';

export default {
  list: LeadList,
  edit: LeadEdit,
  create: LeadCreate,
  icon: LeadIcon,
  recordRepresentation: (record: { name?: string; id: number }) => record.name || `#${record.id}`,
};
