export * from './event.types.js';
export { publishEvent } from './publish.js';
export { createEventHub, type EventHub } from './event-hub.js';
