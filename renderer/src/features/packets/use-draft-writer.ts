import { useState } from 'react';
import type { ReviewStore } from '../../data/review-store.js';
import type { PacketForm } from './packet-form.js';

/**
 * Writes drafts without piling up: one write at a time, and while one runs only the latest form
 * waits, so a burst of typing costs two writes, not one per key.
 */
export function useDraftWriter(store: ReviewStore, packetId: string | null) {
  const [writer] = useState(() => {
    type Next = { readonly form: PacketForm; readonly baseRevision: number | null } | 'discard';
    let running: Promise<void> | undefined;
    let next: Next | undefined;
    const run = async (): Promise<void> => {
      while (next !== undefined) {
        const job = next;
        next = undefined;
        try {
          if (job === 'discard') await store.discardPacketDraft(packetId);
          else await store.savePacketDraft(packetId, job.form, job.form.marking, job.baseRevision);
        } catch (error) {
          console.error('Could not keep the draft', error);
        }
      }
      running = undefined;
    };
    const schedule = (job: Next) => {
      next = job;
      running ??= run();
    };
    return {
      write: (form: PacketForm, baseRevision: number | null) => schedule({ form, baseRevision }),
      discard: () => schedule('discard'),
      /** Discards and waits until no draft write can land after it. */
      discardNow: async () => {
        schedule('discard');
        await running;
      },
    };
  });
  return writer;
}