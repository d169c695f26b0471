import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import { basicAuth } from './basic-auth.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';

/**
 * Bull Board, the queue dashboard, at /admin/queues behind basic auth: every queue of src/queues/names.ts, its
 * jobs, their data and errors, with retry and clean buttons. Loaded only when ADMIN_USER and ADMIN_PASSWORD are
 * set; otherwise nothing is mounted and the path is a 404.
 */
export function mountQueueDashboard(app: Express, queues: readonly Queue[], credentials: { user: string; password: string }): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  app.use(ADMIN_QUEUES_PATH, basicAuth({ ...credentials, realm: 'secnumcloud-tracker queues' }), serverAdapter.getRouter() as Express);
}
