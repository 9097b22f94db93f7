import { Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventBus, type SwitchboardEvent } from '../events/event-bus.service';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_AGENTS = 100_000;
/** How often a replica tells the others what each agent took from it. */
export const SHARE_MS = 250;
/** Agent ids and counts per event: well under one NOTIFY at the longest agent ids. */
const AGENTS_PER_EVENT = 40;

/**
 * Per-agent token bucket: RATE_LIMIT_RPS sustained, RATE_LIMIT_BURST at once; `0` RPS turns it
 * off. The limit holds across replicas: every {@link SHARE_MS} each replica publishes how many
 * tokens each agent took from it, and the others take the same from their buckets for that
 * agent. Between two such messages an agent spread over N replicas can get ahead by what N
 * replicas allow in that quarter second; a bucket owes at most one burst, so an agent that
 * overran is held back for at most twice `burst / rate` seconds. Decided locally, with no
 * round trip: the limit protects the service, it is not a billing meter.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;
  /** Tokens taken here since the last share, by agent (only when there are other replicas to tell). */
  private taken?: Map<string, number>;
  private timer?: NodeJS.Timeout;

  constructor(
    config: AppConfig,
    @Optional() private readonly events?: EventBus,
  ) {
    this.rate = config.RATE_LIMIT_RPS;
    this.burst = config.RATE_LIMIT_BURST;
  }

  get enabled(): boolean {
    return this.rate > 0;
  }

  onModuleInit(): void {
    if (!this.events || !this.enabled) return;
    this.taken = new Map();
    this.events.on((event) => this.onEvent(event));
    this.timer = setInterval(() => void this.share(), SHARE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Takes one token; returns 0 when allowed, else the milliseconds until one is available. */
  take(agentId: string, now = Date.now()): number {
    if (this.rate <= 0) return 0;
    const bucket = this.bucket(agentId, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (this.taken) this.taken.set(agentId, (this.taken.get(agentId) ?? 0) + 1);
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.rate) * 1000);
  }

  /** What other replicas say an agent took from them comes out of this replica's bucket too. */
  takenElsewhere(agentId: string, tokens: number, now = Date.now()): void {
    if (this.rate <= 0 || !(tokens > 0)) return;
    const bucket = this.bucket(agentId, now);
    bucket.tokens = Math.max(-this.burst, bucket.tokens - tokens);
  }

  private bucket(agentId: string, now: number): Bucket {
    let bucket = this.buckets.get(agentId);
    if (!bucket) {
      if (this.buckets.size >= MAX_AGENTS) this.evictIdle(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(agentId, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate);
      bucket.updatedAt = now;
    }
    return bucket;
  }

  private onEvent(event: SwitchboardEvent): void {
    if (event.type !== 'rate.taken' || event.from === this.events?.replicaId) return;
    const now = Date.now();
    for (const [agentId, tokens] of Object.entries(event.agents)) this.takenElsewhere(agentId, tokens, now);
  }

  private async share(): Promise<void> {
    if (!this.taken?.size || !this.events) return;
    const entries = [...this.taken];
    this.taken.clear();
    for (let i = 0; i < entries.length; i += AGENTS_PER_EVENT) {
      const agents = Object.fromEntries(entries.slice(i, i + AGENTS_PER_EVENT));
      await this.events.publish({ type: 'rate.taken', from: this.events.replicaId, agents }).catch((err: Error) =>
        // The other replicas then see less than was taken here, for this quarter second only.
        this.logger.warn({ msg: 'could not share rate-limit usage', agents: Object.keys(agents).length, err: err.message }),
      );
    }
  }

  private evictIdle(now: number): void {
    const full = (this.burst / this.rate) * 1000;
    for (const [agent, bucket] of this.buckets) if (now - bucket.updatedAt > full) this.buckets.delete(agent);
    if (this.buckets.size >= MAX_AGENTS) this.buckets.clear();
  }
}
