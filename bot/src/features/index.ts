import type { BotFeature } from '../context.js';
import { appointmentsFeature } from './appointments/index.js';
import { callbacksFeature } from './callbacks.js';
import { catchAllFeature } from './catch-all.js';
import { clientFeature } from './client/index.js';
import { editsFeature } from './edits.js';
import { groupsFeature } from './groups/index.js';
import { leadRoutingFeature } from './lead-routing.js';
import { membershipFeature } from './membership.js';
import { peopleFeature } from './people/index.js';
import { workerFeature } from './worker/index.js';

/**
 * Every bot feature, in order: the first that handles an update without calling `next()` wins.
 * Worker and client flows go BEFORE lead routing (they take their people's messages and call
 * `next()` for the rest); lead routing stores what is left; the catch-all is last.
 */
export const features: BotFeature[] = [
  membershipFeature,
  // groups: the bot added or removed, and linking a group to a project (other group messages pass on)
  groupsFeature,
  editsFeature,
  // linking comes first: a person linked by this update is routed by their new role
  peopleFeature,
  // measurement visits: the client's answers and the estimator's measurements dialog
  appointmentsFeature,
  // worker flows and client flows register here
  clientFeature,
  workerFeature,
  leadRoutingFeature,
  callbacksFeature,
  catchAllFeature,
];
