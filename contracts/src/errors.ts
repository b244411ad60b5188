/** One field's problem in an error answer: a stable code the screens translate, and the English text. */
export interface FieldProblem {
  code: string;
  message: string;
}

/**
 * The one shape of every error answer of the API: a stable top-level code (`error`, also as `code`),
 * the English message, per field `{ code, message }`, and whatever else the error carries
 * (`retry_after`, `reason`, the organizations to choose from…).
 */
export interface ErrorBody {
  error: string;
  code: string;
  message: string;
  fields?: Record<string, FieldProblem>;
  [detail: string]: unknown;
}

/** The login answer when the email and password open accounts in several organizations (code `choose_organization` on `organization`). */
export interface ChooseOrganizationError extends ErrorBody {
  organizations: OrganizationChoice[];
}

/** An organization a person may sign in to: its id (sent back as `organization`) and its name. */
export interface OrganizationChoice {
  id: number;
  name: string;
}
