import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, type ElectronApplication } from '@playwright/test';
import type { FileDialogs } from '../e2e/app.js';

let saves = 0;

/** What the replaced save dialog answered, kept in the main process for the test to read. */
interface SaveAnswers {
  frontierReviewSaveAnswers?: string[];
}

/**
 * The desktop app's file dialogs, answered by the test: the main process's `dialog` functions are
 * replaced (through Playwright's hold on the main process) before the click that opens one, so the
 * app's own path runs from there on: the picked-file token, the read, the write beside the target.
 */
export function desktopDialogs(app: ElectronApplication): FileDialogs {
  return {
    open: async (files, click) => {
      await app.evaluate(({ dialog }, filePaths) => {
        dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths });
      }, [...files]);
      await click();
    },
    save: async (dir, click) => {
      const before = await saveAnswers(app);
      await app.evaluate(
        ({ dialog }, { folder, sep, prefix }) => {
          const answers = globalThis as SaveAnswers;
          dialog.showSaveDialog = (first: Electron.BaseWindow | Electron.SaveDialogOptions, second?: Electron.SaveDialogOptions) => {
            const options = second ?? ('defaultPath' in first ? first : {});
            const target = `${folder}${sep}${prefix}${(options.defaultPath ?? 'saved').split(/[\\/]/).pop() ?? 'saved'}`;
            answers.frontierReviewSaveAnswers = [...(answers.frontierReviewSaveAnswers ?? []), target];
            return Promise.resolve({ canceled: false, filePath: target });
          };
        },
        // Numbered, so two saves under one suggested name never collide.
        { folder: dir, sep: path.sep, prefix: `${++saves}-` },
      );
      await click();
      await expect.poll(async () => (await saveAnswers(app)).length, { message: 'the app opened its save dialog' }).toBe(before.length + 1);
      const target = (await saveAnswers(app)).at(-1) ?? '';
      // Saved once it is in place: the app writes beside it first and renames it there.
      await expect.poll(() => existsSync(target), { message: `${target} was saved` }).toBe(true);
      return target;
    },
  };
}

function saveAnswers(app: ElectronApplication): Promise<string[]> {
  return app.evaluate(() => (globalThis as SaveAnswers).frontierReviewSaveAnswers ?? []);
}
