// What one animation frame may spend on the page's thread, shared by everything that draws in it. The
// browser runs every callback of a frame, and then its style, layout and paint, as one task: the board's
// charts and the panels (run table, matrix view) each stayed short, but together in one frame made tasks
// of 50–90 ms while the engine workers held both cores (docs/performance.md). Pure.

/** Script time a frame may take (ms): stretched 2–4× on cores shared with the engine workers, it stays under 50 ms. */
export const FRAME_BUDGET_MS = 6;

export class FrameBudget {
  constructor(budget = FRAME_BUDGET_MS) {
    this.budget = budget;
    this.frame = -1; // the animation frame's timestamp (the argument of its callbacks)
    this.used = 0;
    this.waiting = false; // work put off from a full frame goes first in the next: others keep out of it
  }

  /** Milliseconds spent so far in the frame of timestamp t. */
  spent(t) {
    return t === this.frame ? this.used : 0;
  }

  spend(t, ms) {
    if (t !== this.frame) {
      this.frame = t;
      this.used = 0;
    }
    this.used += ms;
  }

  /** What frame t has left (ms; never below 0). */
  left(t) {
    return Math.max(0, this.budget - this.spent(t));
  }

  /** Whether work that would cost about `ms` fits in frame t; the first work of a frame always fits. */
  fits(t, ms) {
    const spent = this.spent(t);
    return spent === 0 || spent + ms <= this.budget;
  }
}
