import UserIcon from '@mui/icons-material/People';
import { UserCreate, UserEdit } from './UserForm';
import { UserList } from './UserList';

export default {
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  icon: UserIcon,
  recordRepresentation: 'name',
};
