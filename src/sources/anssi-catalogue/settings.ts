import { z } from 'zod';
import { guardThresholdsSchema, type GuardThresholds } from '../../core/guard.js';
import { LIST_IDS, PRODUCT_LIST_IDS, SERVICE_LIST_IDS, type ListId } from './list-specs.js';

const LIST_ENUM = z.enum([...SERVICE_LIST_IDS, ...PRODUCT_LIST_IDS]);

/**
 * A catalogue source's settings in feeds/sources.json. `lists`: the lists the tracker stores and diffs (every list,
 * service and product, unless given: decision 0025; SecNumCloud always, as subscriptions without a list mean it).
 * `listGuard`: the guard of the lists other than SecNumCloud, which keeps the source's own `guard`; a list is judged
 * on its own, and one row is enough (four eIDAS lists have one), so the default holds only a list that vanishes or
 * is mostly replaced. `listGuards`: a list's own thresholds, over `PRODUCT_LIST_GUARDS` and `listGuard`.
 */
export const catalogueSettingsSchema = z.strictObject({
  lists: z.array(LIST_ENUM).default([...LIST_IDS]),
  listGuard: guardThresholdsSchema.default(guardThresholdsSchema.parse({ minRows: 1 })),
  listGuards: z.partialRecord(LIST_ENUM, guardThresholdsSchema.partial()).default({}),
});

export type CatalogueSettings = z.infer<typeof catalogueSettingsSchema>;

/**
 * The long product lists' floors, under a source's own `listGuards`: a first reading of the Common Criteria list
 * (381 rows in December 2025) or of the qualified products (108) with a handful of rows is a table read wrong, not
 * a baseline to store. Drops and replacements are judged by the ratios, which scale with the list.
 */
export const PRODUCT_LIST_GUARDS: Readonly<Partial<Record<ListId, Partial<GuardThresholds>>>> = {
  cc: { minRows: 100 },
  'qualified-products': { minRows: 20 },
};

/** The thresholds a list other than SecNumCloud is judged by. */
export function listGuardOf(settings: CatalogueSettings, list: string): GuardThresholds {
  return { ...settings.listGuard, ...PRODUCT_LIST_GUARDS[list as ListId], ...settings.listGuards[list as ListId] };
}
