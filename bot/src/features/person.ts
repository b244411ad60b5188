import { recognisePerson } from '@crm/core';
import type { Person } from '../context.js';

export const unknownPerson = (): Person => ({ role: 'unknown', user: null, lead: null });

/** Who a Telegram user is in this organization (core decides: staff, worker, client, then lead). */
export const resolvePerson = (orgId: number, telegramId: number): Promise<Person> => recognisePerson(orgId, telegramId);
