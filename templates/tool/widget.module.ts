import { Module } from '@nestjs/common';
import { WidgetResources } from './widget.resources';
import { WidgetTools } from './widget.tools';

/** Add `WidgetModule` to AppModule's imports (src/app.module.ts) to serve these tools. */
@Module({ providers: [WidgetTools, WidgetResources] })
export class WidgetModule {}
