import type { LeadStatus, Locale } from './enums.js';

export type PipelineLocale = Locale;
/** `one`: a single lead's status ("Квалифицированный"); `many`: a Kanban column header ("Квалифицированные"). */
export type StageForm = 'one' | 'many';

/** One stage of the organization's pipeline as GET /api/pipeline answers it, in the asked language. */
interface PipelineStage {
  status: LeadStatus;
  hidden: boolean;
  /** The name to show: the organization's own, else the default in the asked language. */
  one: string;
  many: string;
  /** The organization's own names, null where it keeps the default. */
  custom_one: string | null;
  custom_many: string | null;
}

/** GET /api/pipeline and PUT /api/pipeline. */
export interface Pipeline {
  stages: PipelineStage[];
  lost_reasons: string[];
  /** True when the organization keeps the default reasons (shown in the asked language). */
  default_lost_reasons: boolean;
}

/** PUT /api/pipeline: overrides of the defaults only (an empty name means "the default"). */
export interface PipelineUpdate {
  stages?: Partial<Record<LeadStatus, { one?: string | null; many?: string | null; hidden?: boolean }>>;
  lost_reasons?: string[];
}
