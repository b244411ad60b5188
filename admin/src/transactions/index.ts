import TransactionIcon from '@mui/icons-material/Payments';
import { lazyNamed } from '../common/lazyNamed';

export default {
  list: lazyNamed(() => import('./TransactionList'), 'TransactionList'),
  edit: lazyNamed(() => import('./TransactionForm'), 'TransactionEdit'),
  create: lazyNamed(() => import('./TransactionForm'), 'TransactionCreate'),
  icon: TransactionIcon,
  recordRepresentation: (record: { amount: string; category: string }) => `${record.category} ${record.amount}`,
};
