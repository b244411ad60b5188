import type { DefineJobs } from '../deps.js';
import { define as ai } from './ai.js';
import { define as appointments } from './appointments.js';
import { define as media } from './media.js';
import { define as receipts } from './receipts.js';
import { define as reminders } from './reminders.js';
import { define as tasks } from './tasks.js';
import { define as telegram } from './telegram.js';

/** Every job group of the jobs process: one line per `jobs/src/jobs/<group>.ts` exporting `define(agenda, deps)`. */
export const jobGroups: Array<{ name: string; define: DefineJobs }> = [
  { name: 'telegram', define: telegram },
  { name: 'media', define: media },
  { name: 'reminders', define: reminders },
  { name: 'tasks', define: tasks },
  { name: 'receipts', define: receipts },
  { name: 'ai', define: ai },
  { name: 'appointments', define: appointments },
];
