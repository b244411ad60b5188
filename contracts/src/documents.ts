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
