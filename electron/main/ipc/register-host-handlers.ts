import { hostContract } from '../../../shared/ipc/host-contract.js';
import { HOST_METHODS, hostChannel, type HostMethod } from '../../../shared/ipc/host-methods.js';
import type { AppError, Result } from '../../../shared/errors/result.js';
import { isTrustedSender, type SenderFrame } from './sender-policy.js';
import { HostError } from './host-error.js';
import type { HostHandlers } from './host-handlers.js';
import type { RequestingPage } from './page-pdf.js';

/** What a message's event tells: the frame it came from, and the page (web contents) that frame is in. */
export interface HostEvent {
  readonly senderFrame: SenderFrame | null;
  readonly sender: RequestingPage;
}

/** The part of Electron's ipcMain this module uses: `handle` only, never `on`/`send`. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: HostEvent, request: unknown) => Promise<unknown>): void;
}

export interface HostHandlerLog {
  refused(method: HostMethod, reason: string): void;
  failed(method: HostMethod, error: unknown): void;
}

/**
 * Wires each contract method to its handler: checks the sender, validates the request against
 * the contract's schema, runs the handler, checks its answer against the contract too, and
 * answers with a Result. Errors never cross the boundary as exceptions, and their stack traces
 * stay in the main process.
 */
export function registerHostHandlers(ipc: IpcMainLike, handlers: HostHandlers, log: HostHandlerLog): void {
  for (const method of HOST_METHODS) {
    ipc.handle(hostChannel(method), (event, request) => dispatch(method, handlers, log, event, request));
  }
}

export async function dispatch(
  method: HostMethod,
  handlers: HostHandlers,
  log: HostHandlerLog,
  { senderFrame, sender }: HostEvent,
  request: unknown,
): Promise<Result<unknown>> {
  if (!isTrustedSender(senderFrame)) {
    log.refused(method, `untrusted sender ${senderFrame?.url ?? '(no frame)'}`);
    return failure({ code: 'untrusted-sender', message: 'This request did not come from Frontier Review.' });
  }
  const parsed = hostContract[method].request.safeParse(request);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    log.refused(method, detail);
    return failure({ code: 'invalid-input', message: `Invalid ${method} request: ${detail}` });
  }
  try {
    // The contract ties each method's request type to its handler; TypeScript cannot follow
    // that through the indexed lookup, so the call goes through a widened signature.
    const handler = handlers[method] as (request: unknown, page: RequestingPage) => Promise<unknown>;
    const answer = hostContract[method].response.safeParse(await handler(parsed.data, sender));
    if (!answer.success) {
      log.failed(method, answer.error);
      return failure({ code: 'failed', message: `${method} produced an answer outside the contract. Details are in the application log.` });
    }
    return { ok: true, value: answer.data };
  } catch (error) {
    log.failed(method, error);
    if (error instanceof HostError) return failure(error.appError);
    return failure({ code: 'failed', message: `${method} failed. Details are in the application log.` });
  }
}


function failure(error: AppError): Result<never> {
  return { ok: false, error };
}
