import UserIcon from '@mui/icons-material/People';
import { lazyNamed } from '../common/lazyNamed';

export default {
  list: lazyNamed(() => import('./UserList'), 'UserList'),
  edit: lazyNamed(() => import('./UserForm'), 'UserEdit'),
  create: lazyNamed(() => import('./UserForm'), 'UserCreate'),
  icon: UserIcon,
  recordRepresentation: 'name',
};
