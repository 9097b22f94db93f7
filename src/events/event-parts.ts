import { randomUUID } from 'node:crypto';

/**
 * Characters of base64 per part. With the envelope a part stays near 6.2 KB, under
 * PostgreSQL's 8000-byte NOTIFY cap; a multiple of 4, so every part but the last decodes alone.
 */
export const PART_DATA_CHARS = 6_000;

/** One slice of an event too large for one NOTIFY; {@link EventPartAssembler} puts them back together. */
export interface EventPart {
  type: 'event.part';
  /** The replica the whole event is addressed to, if one: the others drop its parts unread. */
  to?: string;
  /** Names the event this part belongs to. */
  event: string;
  index: number;
  count: number;
  /**
   * The event's JSON as UTF-8 in base64: ASCII, so a part's size in bytes is its length and
   * JSON escaping cannot grow it (a client's answer may be all quotes or control characters).
   */
  data: string;
}

/** The payloads of `payload`'s parts, in order; all of them go out in one statement (one transaction). */
export function splitEvent(payload: string, to?: string): string[] {
  const data = Buffer.from(payload, 'utf8').toString('base64');
  const event = randomUUID();
  const count = Math.ceil(data.length / PART_DATA_CHARS);
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    const part: EventPart = {
      type: 'event.part',
      to,
      event,
      index,
      count,
      data: data.slice(index * PART_DATA_CHARS, (index + 1) * PART_DATA_CHARS),
    };
    parts.push(JSON.stringify(part));
  }
  return parts;
}

export function isEventPart(value: { type?: unknown }): value is EventPart {
  return value.type === 'event.part';
}
