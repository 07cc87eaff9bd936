// The run loop's wake-ups: the loop sleeps until something changes (a step settled, a control, a retry's delay
// over) and is woken by a signal. A signal that comes while the loop is not waiting is kept: the next wait returns
// at once (no lost wake-ups).
export class Wakeups {
  #wake: (() => void) | null = null;
  /** A signal that came while the loop was not waiting. */
  #signalled = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  /** Wakes the loop now (or its next wait). */
  signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    if (wake) wake();
    else this.#signalled = true;
  }

  /** Waits for the next signal (at once when one came since the last wait). */
  wait(): Promise<void> {
    if (this.#signalled) {
      this.#signalled = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** Signals after a delay (an automatic retry's). */
  after(delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.signal();
    }, delayMs);
    this.#timers.add(timer);
  }

  /** Whether a delayed signal is still to come. */
  get delayedPending(): boolean {
    return this.#timers.size > 0;
  }

  /** Forgets a signal kept from an earlier loop (a new start). */
  forgetSignal(): void {
    this.#signalled = false;
  }

  /** Cancels the delayed signals (the loop ended). */
  cancelDelayed(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
