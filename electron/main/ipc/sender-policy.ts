import { isAppUrl } from '../security/app-origin.js';

/** What the main process knows about the frame a message came from. */
export interface SenderFrame {
  readonly url: string;
  /** Null for a top-level frame. */
  readonly parent: unknown;
}

/**
 * Messages are accepted only from the top-level frame of the app's own page. An iframe, a
 * page that navigated elsewhere, or a frame that is gone (null) is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame?.parent === null && isAppUrl(frame.url);
}
