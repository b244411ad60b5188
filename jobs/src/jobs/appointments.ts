import type { Agenda } from 'agenda';
import { JOBS, sendAppointmentReminder } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/**
 * Measurement visit reminders: one job per reminder, stored at its moment when the visit is booked
 * or moved (so they survive restarts); the claim in core sends each at most once, and only for the
 * visit as it was planned.
 */
export function define(agenda: Agenda, deps: JobDeps): void {
  defineJob(agenda, deps, {
    name: JOBS.appointmentReminder,
    async run(payload, { logger }) {
      const sent = await sendAppointmentReminder(deps.sequelize, { queue: deps.queue, publish: deps.publish, logger }, payload);
      logger.info({ appointment_id: payload.appointment_id, kind: payload.kind, sent }, 'visit reminder');
    },
    concurrency: 2,
    lockLifetime: deps.delivery.lockLifetimeMs,
  });
}
