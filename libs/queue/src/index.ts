export * from './queue-names.js';
export * from './job-payloads.js';
export * from './notification-payload.js';
export * from './retry.js';
export * from './redis-connection.js';
export * from './queue.module.js';
