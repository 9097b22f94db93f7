import { Global, Module } from '@nestjs/common';
import { ConnectionLimiter } from './connection-limiter.service';
import { RateLimiter } from './rate-limiter.service';

/** Flood limits: per-agent request rate, per-agent connections. */
@Global()
@Module({ providers: [RateLimiter, ConnectionLimiter], exports: [RateLimiter, ConnectionLimiter] })
export class LimitsModule {}
