import type { Result } from '../../../../../shared/errors/result.js';
import type { BenchmarkRun } from '../../../../../shared/results/benchmark-run.js';
import type { LogIntake, PickedFile } from '../../../host/host.js';
import { importInspectLog, type LogImportJob } from './import-log.js';
import { importPickedLog } from './import-picked-log.js';

/**
 * Imports a chosen log the way it was chosen: a file picked in the desktop's file dialog through
 * the app's intake process, any other (the browser build's, a dropped file) with the page's readers.
 */
export function importChosenLog(file: File | PickedFile, intake: LogIntake | undefined, job: LogImportJob): Promise<Result<BenchmarkRun>> {
  if (file instanceof Blob) return importInspectLog(file, job);
  if (intake === undefined) throw new Error('A log picked in a file dialog is imported through the intake process, which this host does not have.');
  return importPickedLog(file, intake, job);
}
