import { Injectable } from '@nestjs/common';

/** Whether the process is still taking work; flipped once, at the start of a drain. */
@Injectable()
export class LifecycleState {
  private draining = false;
  private drainStarted?: number;

  get isDraining(): boolean {
    return this.draining;
  }

  /** When the drain began (ms since the epoch): the shutdown grace period counts from here. */
  get drainStartedAt(): number | undefined {
    return this.drainStarted;
  }

  startDraining(): void {
    this.draining = true;
    this.drainStarted ??= Date.now();
  }
}
