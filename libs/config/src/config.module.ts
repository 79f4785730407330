import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config.js';
import { Clock, SystemClock } from './clock.js';

/** Provides the validated AppConfig (and the Clock) to every module; built once per process by the given loader. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(load: () => AppConfig = () => loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useFactory: load }, { provide: Clock, useClass: SystemClock }], exports: [AppConfig, Clock] };
  }
}
