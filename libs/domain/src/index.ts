// Public API of the domain library (@hotline/domain): plain TypeScript, no framework imports.
export * from './errors.js';
export * from './case-status.js';
export * from './work-calendar.js';
export * from './time-limits.js';
export * from './policies.js';
export * from './escalation.js';
export * from './identifiers.js';
export * from './phone.js';
export * from './masking.js';
export * from './categories.js';
export * from './departments.js';
export * from './routing.js';
export * from './classifier/index.js';
export * from './region-resolver.js';
export * from './repeat-detection.js';
export * from './sms-templates.js';
