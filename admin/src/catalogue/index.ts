import CatalogueIcon from '@mui/icons-material/ListAlt';
import { lazyNamed } from '../common/lazyNamed';

export default {
  list: lazyNamed(() => import('./CatalogueList'), 'CatalogueList'),
  edit: lazyNamed(() => import('./CatalogueForm'), 'CatalogueEdit'),
  create: lazyNamed(() => import('./CatalogueForm'), 'CatalogueCreate'),
  icon: CatalogueIcon,
  recordRepresentation: (record: { name: string }) => record.name,
};
