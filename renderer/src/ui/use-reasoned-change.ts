import { useState } from 'react';
import type { Result } from '../../../shared/errors/result.js';

/**
 * A change the history keeps with its reason (a role changed, a signer revoked, reviewers
 * assigned, a history forgotten): the reason as typed, the data layer's refusal, shown until the
 * change is made, and whether it is being made. `done` runs only once it is.
 */
export function useReasonedChange<T>(change: (reason: string) => Promise<Result<T>>, done: (value: T) => void) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    let result: Result<T>;
    try {
      result = await change(reason);
    } finally {
      setBusy(false);
    }
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(undefined);
    done(result.value);
  }

  return { reason, setReason, problem, busy, submit, given: reason.trim() !== '' };
}

export type ReasonedChange = Pick<ReturnType<typeof useReasonedChange>, 'reason' | 'setReason'>;
