export * from './entities/index.js';
export * from './data-source.js';
export * from './persistence.module.js';
export * from './seed/seed.js';
export * from './seed/region-source.js';
export * from './cases/case-store.js';
export * from './cases/dispatch-writer.js';
