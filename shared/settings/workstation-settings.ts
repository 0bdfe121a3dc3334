import { z } from 'zod';
import { markingSchema } from '../marking/marking-schema.js';
import { UNCLASSIFIED, type Marking } from '../marking/marking.js';

/**
 * What the banner shows: the highest marking of what is on screen, or always the
 * workstation's accredited level (system high), as some sites require.
 */
export const BANNER_MODES = ['highest-on-screen', 'system-high'] as const;
export type BannerMode = (typeof BANNER_MODES)[number];

export interface WorkstationSettings {
  /** The highest marking this workstation is accredited to hold. Nothing may be marked above it. */
  readonly systemHigh: Marking;
  readonly bannerMode: BannerMode;
}

export interface WorkstationSettingsState {
  readonly settings: WorkstationSettings;
  /** Set by an administrator's policy file: reviewers see the settings but cannot change them. */
  readonly managed: boolean;
}

export const DEFAULT_WORKSTATION_SETTINGS: WorkstationSettings = {
  systemHigh: UNCLASSIFIED,
  bannerMode: 'highest-on-screen',
};

export const workstationSettingsSchema: z.ZodType<WorkstationSettings, WorkstationSettings> = z.strictObject({
  systemHigh: markingSchema,
  bannerMode: z.enum(BANNER_MODES),
});
