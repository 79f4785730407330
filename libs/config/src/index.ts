export * from './app-config.js';
export * from './config.module.js';
export * from './clock.js';
export * from './logger.js';
