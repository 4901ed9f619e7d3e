import type { HandlerMap } from './handler.js';
import { handlers as cacheClusters } from './cacheClusters.js';
import { handlers as catalog } from './catalog.js';
import { handlers as events } from './events.js';
import { handlers as parameterGroups } from './parameterGroups.js';
import { handlers as replicationGroups } from './replicationGroups.js';
import { handlers as reservedNodes } from './reservedNodes.js';
import { handlers as securityGroups } from './securityGroups.js';
import { handlers as serviceUpdates } from './serviceUpdates.js';
import { handlers as subnetGroups } from './subnetGroups.js';
import { handlers as tags } from './tags.js';

/**
 * Every implemented operation, by its action name. Operations that are not
 * here are answered by the codec with 501 NotImplemented.
 */
export const handlers: HandlerMap = {
  ...cacheClusters,
  ...catalog,
  ...events,
  ...parameterGroups,
  ...replicationGroups,
  ...reservedNodes,
  ...securityGroups,
  ...serviceUpdates,
  ...subnetGroups,
  ...tags,
};
