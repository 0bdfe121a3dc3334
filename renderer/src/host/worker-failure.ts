/**
 * Why a worker stopped, in words. A worker that throws reports an ErrorEvent with its message and
 * where; a worker whose script could not be loaded or started (a page short of memory, a build
 * served partly) reports a plain Event with no message at all, which must not read as "undefined".
 */
export function workerFailure(event: Event): string {
  if (event instanceof ErrorEvent && event.message !== '') {
    const where = event.filename ? ` at ${event.filename.split('/').pop() ?? event.filename}:${event.lineno}` : '';
    return `${event.message}${where}`;
  }
  return 'its worker could not be started; close other windows of the app and try again';
}
