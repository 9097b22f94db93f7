import { Module } from '@nestjs/common';
import { ResourcesModule } from '../resources/resources.module';
import { ToolsModule } from '../tools/tools.module';
import { TransportModule } from '../transport/transport.module';
import { StatusController } from './status.controller';
import { StatusService } from './status.service';

/** The status page at `/` and its data at `/status.json`. */
@Module({
  imports: [ToolsModule, ResourcesModule, TransportModule],
  controllers: [StatusController],
  providers: [StatusService],
})
export class StatusModule {}
