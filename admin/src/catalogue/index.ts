import CatalogueIcon from '@mui/icons-material/ListAlt';
import { CatalogueCreate, CatalogueEdit } from './CatalogueForm';
import { CatalogueList } from './CatalogueList';

export default {
  list: CatalogueList,
  edit: CatalogueEdit,
  create: CatalogueCreate,
  icon: CatalogueIcon,
  recordRepresentation: (record: { name: string }) => record.name,
};
