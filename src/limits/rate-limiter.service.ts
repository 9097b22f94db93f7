import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_AGENTS = 100_000;

/**
 * Per-agent token bucket: RATE_LIMIT_RPS sustained, RATE_LIMIT_BURST at once; `0` RPS
 * turns it off. Each replica limits what it serves, so an agent spread over N replicas gets
 * up to N times the rate; the limit protects each process, it is not a billing meter.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;

  constructor(config: AppConfig) {
    this.rate = config.RATE_LIMIT_RPS;
    this.burst = config.RATE_LIMIT_BURST;
  }

  get enabled(): boolean {
    return this.rate > 0;
  }

  /** Takes one token; returns 0 when allowed, else the milliseconds until one is available. */
  take(agentId: string, now = Date.now()): number {
    if (this.rate <= 0) return 0;
    let bucket = this.buckets.get(agentId);
    if (!bucket) {
      if (this.buckets.size >= MAX_AGENTS) this.evictIdle(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(agentId, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.rate) * 1000);
  }

  private evictIdle(now: number): void {
    const full = (this.burst / this.rate) * 1000;
    for (const [agent, bucket] of this.buckets) if (now - bucket.updatedAt > full) this.buckets.delete(agent);
    if (this.buckets.size >= MAX_AGENTS) this.buckets.clear();
  }
}
