import { type EventPart, PART_DATA_CHARS } from './event-parts';

export interface EventPartLimits {
  /** The largest event put back together, in bytes of JSON; parts of a larger one are refused. */
  maxEventBytes: number;
  /** How many of the largest events may be buffered at once; past that the oldest unfinished ones go. */
  maxBufferedEvents: number;
  /** How long an unfinished event waits for its other parts. */
  ttlMs: number;
}

interface Unfinished {
  readonly parts: Array<string | undefined>;
  received: number;
  chars: number;
  readonly startedAt: number;
}

/** Charged per part on top of its data, so that empty parts cannot pile up for free. */
const PART_OVERHEAD = 64;
const MAX_EVENT_ID = 64;

/**
 * Puts the parts of large events back together. A publisher sends all the parts of one event
 * in one transaction, so PostgreSQL delivers them back to back and an event normally completes
 * within one burst of notifications; what is left over (a listener that reconnected in the
 * middle, a publisher gone wrong) is dropped after `ttlMs`, or earlier when the buffer is full.
 * Parts are placed by index, so their order does not matter; a duplicate is ignored. Nothing
 * here trusts a part's claims: an event declared larger than `maxEventBytes` is refused at its
 * first part, and no more than `maxBufferedEvents` of the largest events are ever buffered.
 */
export class EventPartAssembler {
  private readonly unfinished = new Map<string, Unfinished>();
  private buffered = 0;
  private readonly maxParts: number;
  private readonly maxBufferedChars: number;

  constructor(
    private readonly limits: EventPartLimits,
    private readonly onDrop: (reason: string, event: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.maxParts = Math.ceil((Math.ceil(limits.maxEventBytes / 3) * 4) / PART_DATA_CHARS);
    // At least one event of the largest size must fit, or it could never complete.
    this.maxBufferedChars = Math.max(1, limits.maxBufferedEvents) * this.maxParts * (PART_DATA_CHARS + PART_OVERHEAD);
  }

  /** Base64 characters (plus a little per part) held for unfinished events. */
  get bufferedChars(): number {
    return this.buffered;
  }

  get pendingEvents(): number {
    return this.unfinished.size;
  }

  /** Takes one part; returns the event's JSON once its last part is in. */
  add(part: EventPart): string | undefined {
    this.expire();
    const refusal = this.check(part);
    if (refusal) {
      this.onDrop(refusal, String(part.event).slice(0, MAX_EVENT_ID));
      if (typeof part.event === 'string') this.drop(part.event);
      return undefined;
    }
    let entry = this.unfinished.get(part.event);
    if (entry && entry.parts.length !== part.count) {
      this.onDrop('parts disagree on their count', part.event);
      this.drop(part.event);
      return undefined;
    }
    if (entry?.parts[part.index] !== undefined) return undefined;
    if (part.count === 1) return this.decode([part.data], part.event);
    const cost = part.data.length + PART_OVERHEAD;
    this.makeRoom(cost, part.event);
    if (!entry) this.unfinished.set(part.event, (entry = { parts: new Array(part.count), received: 0, chars: 0, startedAt: this.now() }));
    entry.parts[part.index] = part.data;
    entry.received++;
    entry.chars += cost;
    this.buffered += cost;
    if (entry.received < part.count) return undefined;
    this.drop(part.event);
    return this.decode(entry.parts as string[], part.event);
  }

  private check(part: EventPart): string | undefined {
    if (typeof part.event !== 'string' || part.event.length === 0 || part.event.length > MAX_EVENT_ID) return 'bad event id';
    if (!Number.isInteger(part.count) || part.count < 1) return 'bad part count';
    if (part.count > this.maxParts) return `event declared larger than ${this.limits.maxEventBytes} bytes`;
    if (!Number.isInteger(part.index) || part.index < 0 || part.index >= part.count) return 'bad part index';
    if (typeof part.data !== 'string' || part.data.length > PART_DATA_CHARS) return 'bad part data';
    return undefined;
  }

  private decode(parts: string[], event: string): string | undefined {
    const json = Buffer.from(parts.join(''), 'base64');
    if (json.length > this.limits.maxEventBytes) {
      this.onDrop(`event larger than ${this.limits.maxEventBytes} bytes`, event);
      return undefined;
    }
    return json.toString('utf8');
  }

  /** Drops events older than the TTL; the map is in arrival order, so the old ones come first. */
  private expire(): void {
    const oldest = this.now() - this.limits.ttlMs;
    for (const [event, entry] of this.unfinished) {
      if (entry.startedAt > oldest) return;
      this.onDrop('parts missing after the time limit', event);
      this.drop(event);
    }
  }

  /** Drops the oldest unfinished events (never `keep`) until `cost` more fits. */
  private makeRoom(cost: number, keep: string): void {
    for (const [event] of this.unfinished) {
      if (this.buffered + cost <= this.maxBufferedChars) return;
      if (event === keep) continue;
      this.onDrop('buffer full', event);
      this.drop(event);
    }
  }

  private drop(event: string): void {
    const entry = this.unfinished.get(event);
    if (!entry) return;
    this.unfinished.delete(event);
    this.buffered -= entry.chars;
  }
}
