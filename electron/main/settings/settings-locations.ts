import path from 'node:path';
import type { SettingsLocations } from './workstation-settings-store.js';

/** Where an administrator puts the workstation policy file on each platform. */
export function settingsLocations(platform: string, env: Readonly<Record<string, string | undefined>>, userDataDir: string): SettingsLocations {
  const policyDir =
    platform === 'win32'
      ? path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Frontier Review')
      : platform === 'darwin'
        ? '/Library/Application Support/Frontier Review'
        : '/etc/frontier-review';
  const paths = platform === 'win32' ? path.win32 : path.posix;
  return { policyFile: paths.join(policyDir, 'workstation.json'), userFile: paths.join(userDataDir, 'workstation.json') };
}
