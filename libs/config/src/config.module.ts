import { DynamicModule, Global, Module } from '@nestjs/common';
import { CONFIG, Config, loadConfig } from './config';

/** Provides the frozen Config under the CONFIG token; nothing else reads process.env. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CONFIG, useValue: config }],
      exports: [CONFIG],
    };
  }
}
