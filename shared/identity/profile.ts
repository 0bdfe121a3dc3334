import { z } from 'zod';

/**
 * Local profiles: who is working at this workstation, in which role. Roles are enforced by the
 * data layer (renderer/src/data/audited-store.ts), not only by what the interface shows.
 */

export const PROFILE_ROLES = ['reviewer', 'team-lead', 'auditor'] as const;
export type ProfileRole = (typeof PROFILE_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<ProfileRole, string>> = { reviewer: 'Reviewer', 'team-lead': 'Team lead', auditor: 'Auditor' };

/** A principal as allowed_signers names it: one word, no spaces, commas or quotes. */
const principalSchema = z
  .string()
  .trim()
  .min(3, 'A principal names the person, such as dana.lead@cisa.')
  .max(120)
  .regex(/^[^\s,"*?]+$/, 'A principal is one word: no spaces, commas, quotes or wildcards.');

export const profileFieldsSchema = z
  .object({
    name: z.string().trim().min(1, 'A profile needs a name.').max(100),
    agency: z.string().trim().max(100),
    role: z.enum(PROFILE_ROLES),
    principal: principalSchema,
    /** Minutes without a key press or click after which the app locks this profile. */
    idleLockMinutes: z.number().int().min(1, 'Lock after at least a minute.').max(240, 'Lock after at most 4 hours.'),
  })
  .strict();

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

export type ProfileFields = z.infer<typeof profileFieldsSchema>;

/** A profile as stored, with its public keys; its private keys are sealed with its passphrase. */
export interface Profile extends ProfileFields {
  readonly id: string;
  /** The OpenSSH public key line of its signing key. */
  readonly signingKey: string;
  readonly ageRecipient: string;
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The operating system's keystore that also wraps its sealed keys (Electron safeStorage's backend); absent if none. */
  readonly keystore?: string;
}

export interface StoredProfile extends Profile {
  /**
   * The private keys, age-encrypted to the passphrase (shared/identity/profile-keys), and then, where
   * `keystore` names one, wrapped again by the operating system's keystore.
   */
  readonly sealedKeys: Uint8Array;
}

/** A principal from a name and agency: dana.lead@cisa. */
export function suggestPrincipal(name: string, agency: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^\w\s.-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '.');
  const who = slug(name) || 'reviewer';
  const where = slug(agency);
  return where ? `${who}@${where}` : who;
}

/** How a printout names the one who made it, its derivative classifier: name, position and agency. */
export function classifierOf(profile: Pick<Profile, 'name' | 'role' | 'agency'>): string {
  return [profile.name, ROLE_LABELS[profile.role], profile.agency].filter((p) => p.trim() !== '').join(', ');
}

/** The public identity file: an allowed_signers line that ssh-keygen reads, with the age recipient in a comment the app reads. */
export function publicIdentityFile(profile: Profile): string {
  return [
    `# Frontier Review public identity: ${profile.name}${profile.agency ? ` (${profile.agency})` : ''}, ${ROLE_LABELS[profile.role].toLowerCase()}`,
    `# fingerprint: ${profile.fingerprint}`,
    `# age-recipient: ${profile.ageRecipient}`,
    `${profile.principal} ${profile.signingKey}`,
    '',
  ].join('\n');
}
