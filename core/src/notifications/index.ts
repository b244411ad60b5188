export * from './notification-route.js';
export * from './notification.service.js';
export * from './delivery-failed.js';
export * from './storage-full.js';
