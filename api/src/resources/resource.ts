import type { Attributes, Model, ModelStatic, Sequelize, Transaction as SqlTransaction, WhereOptions } from 'sequelize';
import type { z } from 'zod';
import type { ExportSettings, JobQueue, Logger, SignKey, StaffClaims } from '@crm/core';

type StaffRole = StaffClaims['role'];

export interface ResourceContext {
  sequelize: Sequelize;
  auth: StaffClaims;
  /** Signs a storage key into a short-lived URL (undefined when no storage is configured). */
  sign?: SignKey | undefined;
  /** Where the product is reached from outside (links in exports and messages). */
  publicUrl?: string;
  /** The jobs queue, for writes that tell people in Telegram after they commit. */
  queue?: JobQueue;
  logger?: Logger;
}

/**
 * What the generic ra-data-simple-rest router needs to know about one resource. The router applies
 * the organization scope, paging, sorting, filtering and validation; a description only says what
 * differs.
 */
export interface ResourceDef<M extends Model = Model, Wire extends object = Record<string, unknown>> {
  name: string;
  model: ModelStatic<M>;
  /** The column holding the organization id: `org_id`, or `id` for the organizations themselves. */
  scope?: 'org_id' | 'id';
  /** Rows of the organization that the caller may see at all (e.g. their own notifications). */
  visibleTo?: (auth: StaffClaims) => Record<string | symbol, unknown>;
  search: string[];
  /**
   * The search fields are matched as one text, joined with chr(1) in this order, as a trigram index
   * over that very expression holds them (leads: migration 0026-lead-search-text). The matches are the
   * same as field by field: a search containing chr(1) is matched field by field.
   */
  searchJoined?: boolean;
  filters: string[];
  ranges?: string[];
  /** Filters that are rules rather than columns: the key's value becomes a condition (core owns the rule). */
  ruleFilters?: Record<string, (value: unknown) => unknown>;
  sorts: string[];
  defaultSort?: { field: string; order: 'ASC' | 'DESC' };
  readRoles?: StaffRole[];
  writeRoles: StaffRole[];
  create?: z.ZodType<Record<string, unknown>>;
  update?: z.ZodType<Record<string, unknown>>;
  remove?: boolean;
  /** Why a verb is not offered, shown to the caller. */
  closed?: { create?: string; update?: string; remove?: string };
  /** Foreign keys that must point into the caller's organization (optionally with extra conditions). */
  references?: Record<string, { model: ModelStatic<Model>; where?: Record<string, unknown>; label: string }>;
  /**
   * For a create that is a plain INSERT: the row's attribute values from the checked input (already
   * scoped to the organization). The router writes it with its reference checks as one statement,
   * committed on its own, and answers the row as read. Exclusive with the create and afterWrite hooks.
   */
  insert?(values: Record<string, unknown>, ctx: ResourceContext): Record<string, unknown>;
  hooks?: {
    create?(values: Record<string, unknown>, ctx: ResourceContext, tx: SqlTransaction): Promise<M>;
    update?(row: M, values: Record<string, unknown>, ctx: ResourceContext, tx: SqlTransaction): Promise<void>;
    remove?(row: M, ctx: ResourceContext, tx: SqlTransaction): Promise<void>;
    /** Runs after any write, in the same transaction (derived totals and the like). */
    afterWrite?(row: M, ctx: ResourceContext, tx: SqlTransaction, previous?: Record<string, unknown>): Promise<void>;
  };
  /**
   * A spreadsheet of the list as the caller filtered and sorted it (`GET /api/<name>/export`); `where`
   * is already scoped to the caller's organization. Core writes the file.
   */
  export?(org_id: number, where: WhereOptions, order: Array<[string, 'ASC' | 'DESC']>, settings: ExportSettings & { publicUrl: string }): Promise<Buffer>;
  /** The export's file name (Latin letters), per language; the resource name otherwise. */
  exportName?: { ru: string; en: string };
  /**
   * Turns rows into JSON: hides secrets, signs media keys, adds derived fields (batched for lists).
   * Typed by the resource's wire record in @crm/contracts (with `Date` moments), so a drift fails to compile.
   */
  serialize?(rows: M[], ctx: ResourceContext): Promise<Wire[]>;
  /**
   * `serialize` only reads attributes (through `plain` and property access), so a list hands it the
   * rows as read, plain objects, instead of building a model instance for each.
   */
  plainRows?: boolean;
}

/** A row's attributes, from a model instance or from a row already read as a plain object. */
export const plain = <M extends Model>(row: M | Record<string, unknown>) =>
  (typeof (row as Model).get === 'function' ? (row as Model).get({ plain: true }) : { ...row }) as Attributes<M>;

/**
 * A resource answers its wire record: through `serialize`, or, without one, as its rows' own columns,
 * which then have to make that record (otherwise `serialize` is required and the definition fails to compile).
 */
export function defineResource<M extends Model, Wire extends object = Record<string, unknown>>(
  def: ResourceDef<M, Wire> & (Attributes<M> extends Wire ? unknown : { serialize: NonNullable<ResourceDef<M, Wire>['serialize']> }),
): ResourceDef<Model> {
  return def as unknown as ResourceDef<Model>;
}
