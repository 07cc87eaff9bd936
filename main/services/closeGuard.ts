// "Save changes?" on close, as a small state machine (Electron only wires it to the window's close event and a
// message box). The renderer reports dirty through window.setState. Answering "Save" sends file.save to the renderer
// and closes once it reports clean; cancelling the save dialog (or not finishing within SAVE_TIMEOUT_MS) keeps
// the window open, so a later save never closes it by surprise.

export type PromptAnswer = 'save' | 'discard' | 'cancel';
export const SAVE_TIMEOUT_MS = 10 * 60 * 1000;

export class CloseGuard {
  #dirty = false;
  #closeAllowed = false;
  #closeAfterSaveUntil: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  get dirty(): boolean {
    return this.#dirty;
  }

  /** The window's close event: 'close' lets it close; 'prompt' means prevent it and ask. */
  requestClose(): 'close' | 'prompt' {
    return this.#closeAllowed || !this.#dirty ? 'close' : 'prompt';
  }

  /** The user's answer. 'save-then-close': send file.save and wait; 'close': close now; 'stay': keep it open. */
  answer(answer: PromptAnswer): 'save-then-close' | 'close' | 'stay' {
    if (answer === 'discard') {
      this.#closeAllowed = true;
      return 'close';
    }
    if (answer === 'save') {
      this.#closeAfterSaveUntil = this.now() + SAVE_TIMEOUT_MS;
      return 'save-then-close';
    }
    this.#closeAfterSaveUntil = null;
    return 'stay';
  }

  /** The renderer's window.setState. Returns 'close' when this completes a "Save, then close". */
  setDirty(dirty: boolean): 'close' | 'none' {
    this.#dirty = dirty;
    if (!dirty && this.#closeAfterSaveUntil !== null) {
      const inTime = this.now() <= this.#closeAfterSaveUntil;
      this.#closeAfterSaveUntil = null;
      if (inTime) {
        this.#closeAllowed = true;
        return 'close';
      }
    }
    return 'none';
  }

  /** The user cancelled the save dialog: the pending close is off. */
  saveCancelled(): void {
    this.#closeAfterSaveUntil = null;
  }
}
