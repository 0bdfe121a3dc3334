import type { ProfileRole } from '../../../shared/identity/profile.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import { unlockedKeysOf } from './profile-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

export interface TestPerson {
  readonly name: string;
  readonly role: ProfileRole;
  readonly principal: string;
}

/**
 * For unit tests of roles: makes a profile for each person (the first, once made, makes the rest)
 * and returns how a test acts as one, by principal. `name` overrides the name recorded, for a test
 * that two people of one name are still two people.
 */
export async function withProfiles(ws: TestWorkstation, data: DataLayer, people: readonly TestPerson[]): Promise<(principal: string, name?: string) => void> {
  const made = new Map<string, TestPerson & { readonly id: string }>();
  const actAs = (principal: string, name?: string) => {
    const person = made.get(principal);
    if (!person) throw new Error(`No profile for ${principal}.`);
    ws.acting = { kind: 'profile', profileId: person.id, role: person.role };
    ws.actor = name ?? person.name;
  };
  for (const person of people) {
    const result = await data.profiles.create({ name: person.name, agency: 'CISA', role: person.role, principal: person.principal, idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!result.ok) throw new Error(result.error.message);
    made.set(person.principal, { ...person, id: result.value.profile.id });
    if (made.size === 1) {
      // The first profile's session holds the history key, sealed to every profile made after it.
      ws.keys = unlockedKeysOf(result.value);
      actAs(person.principal);
    }
  }
  return actAs;
}

/** A fresh test workstation with these people's profiles, the first of them acting. */
export async function openWorkstationWith(people: readonly TestPerson[]): Promise<{ readonly ws: TestWorkstation; readonly data: DataLayer; readonly actAs: (principal: string, name?: string) => void }> {
  const ws = await openTestWorkstation();
  const data = openDataLayer(ws.db, ws.context);
  return { ws, data, actAs: await withProfiles(ws, data, people) };
}
