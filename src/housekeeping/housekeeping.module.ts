import { Module } from '@nestjs/common';
import { HousekeepingRepository } from './housekeeping.repository';
import { HousekeepingService } from './housekeeping.service';

/** Session expiry and retention of history and audit. */
@Module({ providers: [HousekeepingRepository, HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
