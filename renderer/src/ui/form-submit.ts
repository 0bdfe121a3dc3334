import type { SyntheticEvent } from 'react';

/** A form's submit handler that runs `action` instead of the browser's own submission. */
export function submitWith(action: () => Promise<void>): (event: SyntheticEvent) => void {
  return (event) => {
    event.preventDefault();
    void action();
  };
}
