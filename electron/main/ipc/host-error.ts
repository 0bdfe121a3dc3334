import type { AppError } from '../../../shared/errors/result.js';

/**
 * Thrown by handlers for failures the user should read as they are (a policy that forbids, a
 * file that is gone). Anything else reaches the renderer as a generic failure, its details
 * kept in the main process log.
 */
export class HostError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}
