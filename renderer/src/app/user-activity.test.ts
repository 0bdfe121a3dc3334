import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/errors/result.js';
import type { Host } from '../host/host.js';
import { UserActivity, withDialogActivity } from './user-activity.js';

describe('the idle lock’s sense of activity', () => {
  it('counts a file dialog, however long it stays open, as activity, and idles from when it closes', async () => {
    let now = 0;
    const activity = new UserActivity(() => now);
    let close: (value: ReturnType<typeof ok<{ saved: false }>>) => void = () => undefined;
    const host = withDialogActivity({ saveFile: () => new Promise((resolve) => (close = resolve)) } as unknown as Host, activity);

    now = 60_000;
    expect(activity.idleMs()).toBe(60_000);
    const saving = host.saveFile({ title: 'Save', suggestedName: 'x.frbundle', filters: [], data: new Uint8Array() });
    now = 20 * 60_000;
    expect(activity.idleMs()).toBe(0);
    close(ok({ saved: false }));
    await saving;
    now += 5_000;
    expect(activity.idleMs()).toBe(5_000);
    activity.touch();
    expect(activity.idleMs()).toBe(0);
  });
});
