import { Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventBus, type SwitchboardEvent } from '../events/event-bus.service';
import { chunkBySize } from '../events/switchboard-event';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_AGENTS = 100_000;
/** How often a replica tells the others what each agent took from it. */
export const SHARE_MS = 250;
/** Bytes of JSON per `rate.taken` event: under one NOTIFY (7,900) with room for the envelope. */
const EVENT_BYTES = 7_000;
/** How often (in shares) a replica checks whether it has company to tell. */
const COMPANY_CHECK_EVERY = 20;

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
  /** Tokens taken here since the last share, by agent (only when an event bus can tell other replicas). */
  private taken?: Map<string, number>;
  private timer?: NodeJS.Timeout;
  private shares = 0;
  /** False while this replica is known to be the only one listening: nothing is sent then. */
  private company = true;

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

  /**
   * Takes `cost` tokens (one per request; more for what costs the cluster more, at most a burst);
   * returns 0 when allowed, else the milliseconds until they are available.
   */
  take(agentId: string, now = Date.now(), cost = 1): number {
    if (this.rate <= 0) return 0;
    const tokens = Math.min(cost, this.burst);
    const bucket = this.bucket(agentId, now);
    if (bucket.tokens >= tokens) {
      bucket.tokens -= tokens;
      if (this.taken) this.taken.set(agentId, (this.taken.get(agentId) ?? 0) + tokens);
      return 0;
    }
    return Math.ceil(((tokens - bucket.tokens) / this.rate) * 1000);
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
    if (!this.taken || !this.events) return;
    if (this.shares++ % COMPANY_CHECK_EVERY === 0) {
      // Alone, there is nobody to tell (unknown counts as company: the role may not see the others).
      this.company = ((await this.events.listeningReplicas().catch(() => undefined)) ?? 2) > 1;
    }
    if (!this.taken.size || !this.company) {
      this.taken.clear();
      return;
    }
    const from = this.events.replicaId;
    const events: SwitchboardEvent[] = chunkBySize(
      this.taken,
      ([agentId]) => Buffer.byteLength(JSON.stringify(agentId)) + 24,
      EVENT_BYTES,
    ).map((entries) => ({ type: 'rate.taken', from, agents: Object.fromEntries(entries) }));
    this.taken.clear();
    // The other replicas then see less than was taken here, for this quarter second only.
    await this.events
      .publishSmall(events)
      .catch((err: Error) => this.logger.warn({ msg: 'could not share rate-limit usage', events: events.length, err: err.message }));
  }

  private evictIdle(now: number): void {
    const full = (this.burst / this.rate) * 1000;
    for (const [agent, bucket] of this.buckets) if (now - bucket.updatedAt > full) this.buckets.delete(agent);
    if (this.buckets.size >= MAX_AGENTS) this.buckets.clear();
  }
}
