import ProjectIcon from '@mui/icons-material/Construction';
import { lazyNamed } from '../common/lazyNamed';

export default {
  list: lazyNamed(() => import('./ProjectList'), 'ProjectList'),
  show: lazyNamed(() => import('./ProjectShow'), 'ProjectShow'),
  edit: lazyNamed(() => import('./ProjectCreate'), 'ProjectEdit'),
  create: lazyNamed(() => import('./ProjectCreate'), 'ProjectCreate'),
  icon: ProjectIcon,
  recordRepresentation: 'name',
};
