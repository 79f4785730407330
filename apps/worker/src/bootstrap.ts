import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createJsonLogger, loadConfig } from '@hotline/config';
import { unhandledJobNames } from './job-handlers.js';
import { WorkerModule } from './worker.module.js';

/** Starts the worker (processors + outbox relay) as a Nest application context, no HTTP. */
export async function createWorker(): Promise<INestApplicationContext> {
  const missing = unhandledJobNames();
  if (missing.length > 0) throw new Error(`refusing to start: no handler for job(s) ${missing.join(', ')}`);
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: config.LOG_LEVEL === 'silent' ? false : createJsonLogger(config.LOG_LEVEL, 'worker'),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  return app;
}
