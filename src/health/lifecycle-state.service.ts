import { Injectable } from '@nestjs/common';

/** Whether the process is still taking work; flipped once, at the start of a drain. */
@Injectable()
export class LifecycleState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
