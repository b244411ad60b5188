import TransactionIcon from '@mui/icons-material/Payments';
import { TransactionCreate, TransactionEdit } from './TransactionForm';
import { TransactionList } from './TransactionList';

export default {
  list: TransactionList,
  edit: TransactionEdit,
  create: TransactionCreate,
  icon: TransactionIcon,
  recordRepresentation: (record: { amount: string; category: string }) => `${record.category} ${record.amount}`,
};
