/**
 * Something wrong with a file a reviewer gave us, worded for them: which file, and what is wrong
 * with it. Readers throw it; import code turns it into an `invalid-input` error before anything
 * is written.
 */
export class FileProblem extends Error {
  constructor(
    readonly fileName: string,
    readonly problem: string,
  ) {
    super(`${fileName}: ${problem}`);
    this.name = 'FileProblem';
  }
}

/** Thrown when the reviewer cancels a long read; not a problem with the file. */
export class ReadCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'ReadCancelled';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
