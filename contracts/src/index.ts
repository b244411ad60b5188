// @crm/contracts: the API's wire types and the enum lists they are built from. It imports nothing;
// the server builds these shapes and the back office and Mini App read them.
export * from './enums.js';
export type * from './wire.js';
export type * from './pipeline.js';
export type * from './projects.js';
export type * from './dashboard.js';
export type * from './leads.js';
export type * from './tasks.js';
export type * from './chat.js';
export * from './events.js';
export type * from './estimates.js';
export type * from './change-orders.js';
export type * from './miniapp.js';
