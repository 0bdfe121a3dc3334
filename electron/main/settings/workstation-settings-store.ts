import { readFile } from 'node:fs/promises';
import {
  DEFAULT_WORKSTATION_SETTINGS,
  workstationSettingsSchema,
  type WorkstationSettings,
  type WorkstationSettingsState,
} from '../../../shared/settings/workstation-settings.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import { HostError } from '../ipc/host-error.js';

export interface SettingsLocations {
  /** An administrator's policy file. When present, it decides and the reviewer cannot change it. */
  readonly policyFile: string;
  /** The reviewer's own settings, in the app's user-data folder. */
  readonly userFile: string;
}

/**
 * Workstation settings live in the main process, not IndexedDB: they describe the machine
 * (its accreditation), and an administrator can fix them with a policy file.
 */
export class WorkstationSettingsStore {
  constructor(
    private readonly locations: SettingsLocations,
    private readonly warn: (message: string) => void,
  ) {}

  async load(): Promise<WorkstationSettingsState> {
    const policy = await this.readSettings(this.locations.policyFile);
    if (policy !== 'absent') {
      // A broken policy file must not silently fall back to a reviewer-editable default.
      return { settings: policy === 'invalid' ? DEFAULT_WORKSTATION_SETTINGS : policy, managed: true };
    }
    const user = await this.readSettings(this.locations.userFile);
    return { settings: user === 'absent' || user === 'invalid' ? DEFAULT_WORKSTATION_SETTINGS : user, managed: false };
  }

  async save(settings: WorkstationSettings): Promise<WorkstationSettingsState> {
    const current = await this.load();
    if (current.managed) {
      throw new HostError({
        code: 'forbidden',
        message: `Workstation settings are managed by your administrator (${this.locations.policyFile}) and cannot be changed here.`,
      });
    }
    await writeFileAtomic(this.locations.userFile, `${JSON.stringify(settings, null, 2)}\n`);
    return { settings, managed: false };
  }

  private async readSettings(file: string): Promise<WorkstationSettings | 'absent' | 'invalid'> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return 'absent';
      this.warn(`Cannot read ${file}: ${String(error)}`);
      return 'invalid';
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.warn(`${file} is not JSON; using the defaults (UNCLASSIFIED).`);
      return 'invalid';
    }
    const parsed = workstationSettingsSchema.safeParse(json);
    if (!parsed.success) {
      this.warn(`${file} is not valid workstation settings (${parsed.error.issues[0]?.message ?? 'unknown problem'}); using the defaults (UNCLASSIFIED).`);
      return 'invalid';
    }
    return parsed.data;
  }
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
