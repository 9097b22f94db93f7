import { Module } from '@nestjs/common';
import { ContextModule } from '../context/context.module';
import { HousekeepingRepository } from './housekeeping.repository';
import { HousekeepingService } from './housekeeping.service';

/** Session expiry and retention of history and audit. */
@Module({ imports: [ContextModule], providers: [HousekeepingRepository, HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
