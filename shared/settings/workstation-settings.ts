import { z } from 'zod';
import { markingSchema } from '../marking/marking-schema.js';
import { UNCLASSIFIED, exceedsCeiling, type Marking } from '../marking/marking.js';
import { cuiDesignatorSchema, type CuiDesignator } from '../marking/cui-designation.js';

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
  /**
   * What the workstation's removable media and printers are accredited to, where that is below the
   * system high: no file leaves and nothing prints above it. Absent, they may carry the system high.
   */
  readonly exportCeiling?: Marking | undefined;
  /** Who designates the CUI this workstation's files and printouts carry: their CUI designation indicator names them. */
  readonly cuiDesignator?: CuiDesignator | undefined;
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

export const workstationSettingsSchema: z.ZodType<WorkstationSettings, WorkstationSettings> = z
  .strictObject({
    systemHigh: markingSchema,
    bannerMode: z.enum(BANNER_MODES),
    exportCeiling: markingSchema.optional(),
    cuiDesignator: cuiDesignatorSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const above = s.exportCeiling ? exceedsCeiling(s.exportCeiling, s.systemHigh) : [];
    if (above.length > 0) ctx.addIssue({ code: 'custom', path: ['exportCeiling'], message: `Removable media and printers cannot be accredited above the system high: ${above.join(' ')}` });
  });
