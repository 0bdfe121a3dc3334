import { useState } from 'react';
import { DEFAULT_IDLE_LOCK_MINUTES, PROFILE_ROLES, ROLE_LABELS, publicIdentityFile, suggestPrincipal, type Profile, type ProfileRole } from '../../../../shared/identity/profile.js';
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/identity/profile-keys.js';
import { UNCLASSIFIED } from '../../../../shared/marking/marking.js';
import type { FieldIssue } from '../../../../shared/errors/result.js';
import { useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useProfiles } from '../../data/hooks.js';
import { Field } from '../../ui/Field.js';
import { EnumOptions } from '../../ui/EnumOptions.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { submitWith } from '../../ui/form-submit.js';
import { Modal } from '../../ui/Modal.js';
import { ReasonField } from '../../ui/ReasonField.js';
import { useReasonedChange } from '../../ui/use-reasoned-change.js';
import './identity.css';

/** Who is signed in, their public identity to hand others, the workstation's profiles, and a new profile. */
export function ProfilesDialog({ onClose, onMessage }: { readonly onClose: () => void; readonly onMessage: (text: string) => void }) {
  const { profiles, session, exports } = useServices();
  const state = useSession(session);
  const list = useProfiles(profiles);
  const current = state.kind === 'unlocked' ? state.unlocked.profile : undefined;
  const mayAdd = state.kind === 'setup' || current?.role === 'team-lead';
  const [changing, setChanging] = useState<Profile | undefined>();

  async function saveIdentity(profile: Profile) {
    const result = await exports.saveFile({
      kind: 'public-identity',
      what: `the public identity of ${profile.name}`,
      // Public keys and a name: nothing of the review.
      records: [{ type: 'profile', id: profile.id, marking: UNCLASSIFIED }],
      dialogTitle: 'Save your public identity',
      suggestedName: `${profile.principal.replace(/[^\w.@-]/g, '_')}.allowed_signers`,
      body: { format: 'allowed-signers', text: publicIdentityFile(profile) },
    });
    if (!result.ok) onMessage(`The identity was not saved: ${result.error.message}`);
    else if (result.value.saved) onMessage(`Saved the public identity of ${profile.name} to ${result.value.fileName}. Read its fingerprint to the recipient before they trust it.`);
  }

  return (
    <Modal
      title="Profiles"
      onClose={onClose}
      wide
      actions={
        <>
          {current && (
            <button
              type="button"
              onClick={() => {
                session.lock('Locked by hand.');
                onClose();
              }}
            >
              Lock now
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {state.kind === 'setup' && (
        <p className="editor__notice">
          No profile exists on this workstation yet, so changes are recorded under the workstation&apos;s user. Make the first profile, a team lead&apos;s: from then on the
          workstation asks for a profile&apos;s passphrase, and roles apply.
        </p>
      )}
      {current && (
        <section aria-labelledby="identity-title" className="identity">
          <h3 id="identity-title">{`Signed in as ${current.name}, ${ROLE_LABELS[current.role].toLowerCase()}`}</h3>
          <dl className="identity__keys">
            <dt>Fingerprint</dt>
            <dd>
              <code className="identity__fingerprint">{current.fingerprint}</code>
            </dd>
            <dt>Signing key</dt>
            <dd>
              <code>{current.signingKey}</code>
            </dd>
            <dt>Encryption recipient</dt>
            <dd>
              <code>{current.ageRecipient}</code>
            </dd>
            <dt>Private keys</dt>
            <dd>{current.keystore === undefined ? 'Sealed with your passphrase' : `Sealed with your passphrase, then locked in the operating system's keystore (${current.keystore})`}</dd>
          </dl>
          <p className="field-hint">Others trust your signatures and encrypt bundles to you from your public identity file. Check its fingerprint with them by phone or in person.</p>
          <button type="button" onClick={() => void saveIdentity(current)}>
            Save public identity…
          </button>
        </section>
      )}
      <section aria-labelledby="profiles-title">
        <h3 id="profiles-title">Profiles on this workstation</h3>
        {list && list.length > 0 ? (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Principal</th>
                <th scope="col">Role</th>
                <th scope="col">Agency</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Locks after</th>
                {current?.role === 'team-lead' && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id} aria-current={p.id === current?.id ? 'true' : undefined}>
                  <td>{p.name}</td>
                  <td>{p.principal}</td>
                  <td>{ROLE_LABELS[p.role]}</td>
                  <td>{p.agency}</td>
                  <td className="cell--key">{p.fingerprint}</td>
                  <td>{`${p.idleLockMinutes} min`}</td>
                  {current?.role === 'team-lead' && (
                    <td>
                      <button type="button" onClick={() => setChanging(p)}>
                        Change role…
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">None yet.</p>
        )}
      </section>
      {changing && <RoleChange key={changing.id} profile={changing} onDone={() => setChanging(undefined)} onMessage={onMessage} />}
      {mayAdd && <NewProfileForm first={state.kind === 'setup'} onMessage={onMessage} />}
    </Modal>
  );
}

function NewProfileForm({ first, onMessage }: { readonly first: boolean; readonly onMessage: (text: string) => void }) {
  const { profiles, session } = useServices();
  const [name, setName] = useState('');
  const [agency, setAgency] = useState('');
  const [principal, setPrincipal] = useState<string | undefined>();
  const [role, setRole] = useState<ProfileRole>(first ? 'team-lead' : 'reviewer');
  const [idle, setIdle] = useState(String(DEFAULT_IDLE_LOCK_MINUTES));
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const shownPrincipal = principal ?? (name.trim() === '' ? '' : suggestPrincipal(name, agency));
  const issue = (path: string) => issues.find((i) => i.path === path)?.message;

  async function create() {
    if (passphrase !== repeat) {
      setIssues([{ path: 'repeat', message: 'The two passphrases differ.' }]);
      setProblem('The two passphrases differ.');
      return;
    }
    setBusy(true);
    const result = await profiles.create({ name, agency, role, principal: shownPrincipal, idleLockMinutes: Number(idle) }, passphrase);
    setBusy(false);
    if (!result.ok) {
      setIssues(result.error.issues ?? []);
      setProblem(result.error.message);
      return;
    }
    setPassphrase('');
    setRepeat('');
    setIssues([]);
    setProblem(undefined);
    setName('');
    setAgency('');
    setPrincipal(undefined);
    setRole('reviewer');
    // The workstation's first profile takes over from the workstation user at once.
    if (first) session.unlock(result.value);
    onMessage(first ? `Made the profile of ${result.value.profile.name}; it is unlocked. From now on the workstation asks for a passphrase.` : `Made the profile of ${result.value.profile.name}. They unlock it with their passphrase.`);
  }

  return (
    <form
      className="editor__section"
      aria-labelledby="new-profile-title"
      onSubmit={submitWith(create)}
    >
      <h3 id="new-profile-title">{first ? 'Make the first profile' : 'New profile'}</h3>
      <FormAlert problem={problem} />
      <div className="form-grid">
        <Field label="Name" error={issue('name')}>
          {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />}
        </Field>
        <Field label="Agency" error={issue('agency')}>
          {(props) => <input {...props} value={agency} onChange={(e) => setAgency(e.target.value)} autoComplete="organization" />}
        </Field>
        <Field label="Principal" error={issue('principal')} hint="How allowed_signers files name this person.">
          {(props) => <input {...props} value={shownPrincipal} onChange={(e) => setPrincipal(e.target.value)} />}
        </Field>
        <RoleField label="Role" value={role} onChange={setRole} disabled={first} error={issue('role')} hint={first ? 'The first profile is a team lead’s: only a team lead adds the others.' : undefined} />
        <Field label="Lock after (minutes idle)" error={issue('idleLockMinutes')}>
          {(props) => <input {...props} type="number" min={1} max={240} value={idle} onChange={(e) => setIdle(e.target.value)} />}
        </Field>
        <Field label="Passphrase" error={issue('passphrase')} hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. It cannot be recovered.`}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
        </Field>
        <Field label="Passphrase again" error={issue('repeat')}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="button--primary" disabled={busy}>
        {busy ? 'Making keys…' : 'Make profile'}
      </button>
    </form>
  );
}

/** A team lead changes a profile's role, with the reason the history keeps. */
function RoleChange({ profile, onDone, onMessage }: { readonly profile: Profile; readonly onDone: () => void; readonly onMessage: (text: string) => void }) {
  const { profiles } = useServices();
  const [role, setRole] = useState<ProfileRole>(profile.role);
  const change = useReasonedChange(
    (reason) => profiles.setRole(profile.id, role, reason),
    () => {
      onMessage(`${profile.name} is now ${ROLE_LABELS[role].toLowerCase()}.`);
      onDone();
    },
  );

  return (
    <form
      className="editor__section"
      aria-labelledby="role-change-title"
      onSubmit={submitWith(change.submit)}
    >
      <h3 id="role-change-title">{`Change the role of ${profile.name}`}</h3>
      <FormAlert problem={change.problem} />
      <div className="form-grid">
        <RoleField label="New role" value={role} onChange={setRole} />
        <ReasonField change={change} hint="The history keeps it." />
      </div>
      <button type="submit" className="button--primary" disabled={role === profile.role || !change.given || change.busy}>
        Change role
      </button>{' '}
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function RoleField({ label, value, onChange, disabled = false, error, hint }: { readonly label: string; readonly value: ProfileRole; readonly onChange: (role: ProfileRole) => void; readonly disabled?: boolean; readonly error?: string | undefined; readonly hint?: string | undefined }) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <select {...props} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as ProfileRole)}>
          <EnumOptions values={PROFILE_ROLES} labels={ROLE_LABELS} />
        </select>
      )}
    </Field>
  );
}
