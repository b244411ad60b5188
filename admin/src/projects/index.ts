import ProjectIcon from '@mui/icons-material/Construction';
import { ProjectCreate, ProjectEdit } from './ProjectCreate';
import { ProjectList } from './ProjectList';
import { ProjectShow } from './ProjectShow';

export default {
  list: ProjectList,
  show: ProjectShow,
  edit: ProjectEdit,
  create: ProjectCreate,
  icon: ProjectIcon,
  recordRepresentation: 'name',
};
