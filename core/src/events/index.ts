export * from './event.types.js';
export { publishEvent } from './publish.js';
export { createEventHub, type EventHub, type EventHubOptions, type EventListener } from './event-hub.js';
