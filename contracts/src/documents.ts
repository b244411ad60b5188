import type { DocumentKind } from './enums.js';
import type { Moment } from './wire.js';

/** GET/PUT /api/contract-template: the organization's contract template, or the built-in one in its language. */
export interface ContractTemplateView<Time extends Moment = string> {
  body: string;
  is_default: boolean;
  /** The placeholders a template may use (`{{client_name}}`…). */
  placeholders: readonly string[];
  updated_at: Time | null;
}

/** POST /api/uploads: a stored file for a later record (a document, a receipt), with a short-lived signed URL. */
export interface Upload {
  key: string;
  url: string;
  file_name: string;
  mime_type: string;
  size: number;
}

/**
 * GET/POST/PUT/DELETE /api/documents and POST /api/projects/:id/contract-document: a project's
 * document (contract, estimate, act…). `key` is the file's storage key, `url` a short-lived signed
 * link to it; a write takes the key in `url`.
 */
export interface DocumentRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  project_id: number;
  title: string;
  /** One of DOCUMENT_KINDS for documents written through the API. */
  kind: DocumentKind | string;
  key: string;
  url: string | null;
  mime_type: string | null;
  size: number | null;
  created_at: Time;
  updated_at: Time;
}
