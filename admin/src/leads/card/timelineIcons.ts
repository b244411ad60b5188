import ChatIcon from '@mui/icons-material/Chat';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import PhoneIcon from '@mui/icons-material/Phone';
import MergeIcon from '@mui/icons-material/MergeType';
import AddTaskIcon from '@mui/icons-material/AddTask';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import NotesIcon from '@mui/icons-material/StickyNote2';
import SmartToyIcon from '@mui/icons-material/SmartToy';
import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import SendIcon from '@mui/icons-material/Send';
import VerifiedIcon from '@mui/icons-material/Verified';
import type { TimelineItem } from '../../providers/crmCardMethods';

export const TIMELINE_ICONS: Record<TimelineItem['kind'], typeof ChatIcon> = {
  messages: ChatIcon,
  status: SwapHorizIcon,
  call: PhoneIcon,
  merge: MergeIcon,
  task_created: AddTaskIcon,
  task_done: TaskAltIcon,
  note: NotesIcon,
  ai: SmartToyIcon,
  estimate_created: RequestQuoteIcon,
  estimate_sent: SendIcon,
  estimate_approved: VerifiedIcon,
};
