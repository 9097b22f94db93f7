import { DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from './json-logger.service';

/** Makes the process's {@link JsonLogger} injectable (e.g. to change its level at run time). */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return { module: LoggingModule, providers: [{ provide: JsonLogger, useValue: logger }], exports: [JsonLogger] };
  }
}
