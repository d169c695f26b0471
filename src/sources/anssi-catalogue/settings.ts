import { z } from 'zod';
import { guardThresholdsSchema } from '../../core/guard.js';
import { SERVICE_LIST_IDS } from './list-specs.js';

/**
 * A catalogue source's settings in feeds/sources.json. `lists`: the lists the tracker stores and diffs (every
 * service list unless given; SecNumCloud always, as subscriptions without a list mean it). `listGuard`: the
 * guard of the lists other than SecNumCloud, which keeps the source's own `guard`; a list is judged on its own,
 * and one row is enough (four eIDAS lists have one), so the default holds only a list that vanishes or is
 * mostly replaced. `listGuards`: a list's own thresholds, over `listGuard`.
 */
export const catalogueSettingsSchema = z.strictObject({
  lists: z.array(z.enum(SERVICE_LIST_IDS)).default([...SERVICE_LIST_IDS]),
  listGuard: guardThresholdsSchema.default(guardThresholdsSchema.parse({ minRows: 1 })),
  listGuards: z.partialRecord(z.enum(SERVICE_LIST_IDS), guardThresholdsSchema.partial()).default({}),
});

export type CatalogueSettings = z.infer<typeof catalogueSettingsSchema>;
