import { Document, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';
import { organizationKey } from '../storage/storage.js';
import type { Actor } from '../people/user-records.js';

// A project document points at a file uploaded first (POST /api/uploads): a storage key of the
// organization. A record read back carries the key beside its signed link; either names the file.

const fileOf = (actor: Actor, values: Record<string, unknown>) => organizationKey(actor.org_id, values.url) ?? organizationKey(actor.org_id, values.key);

export async function createDocument(actor: Actor, values: Record<string, unknown>, transaction: SqlTransaction): Promise<Document> {
  const { key: _readKey, ...rest } = values;
  const url = fileOf(actor, values);
  if (!url)
    throw new DomainError('validation', 'url must be a key returned by POST /api/uploads', { fields: { url: 'is not an uploaded file of your organization' } });
  return Document.create({ ...rest, org_id: actor.org_id, url } as never, { transaction });
}

export function applyDocumentChanges(actor: Actor, document: Document, values: Record<string, unknown>): void {
  const { key: _readKey, ...rest } = values;
  document.set({ ...rest, url: fileOf(actor, values) ?? document.url } as never);
}
