import { useEffect, useRef, useState } from 'react';
import { ROLE_LABELS } from '../../../../shared/identity/profile.js';
import { useServices } from '../../app/services.js';
import { useProfiles } from '../../data/hooks.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { submitWith } from '../../ui/form-submit.js';
import './identity.css';

/**
 * What a locked workstation shows instead of the review: whose profile to unlock, and its
 * passphrase. Nothing of the review is on screen until a profile is unlocked.
 */
export function LockScreen({ reason }: { readonly reason: string | null }) {
  const { profiles, session } = useServices();
  const list = useProfiles(profiles);
  const [chosen, setChosen] = useState<string | undefined>();
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Stretching the passphrase takes seconds on purpose: show how far it has got.
  const [progress, setProgress] = useState(0);
  const profileId = chosen ?? list?.[0]?.id;
  // Focus goes to the passphrase as the screen appears (it replaced whatever had focus).
  const passphraseField = useRef<HTMLInputElement>(null);
  const listed = list !== undefined;
  useEffect(() => {
    if (listed) passphraseField.current?.focus();
  }, [listed]);

  async function unlock() {
    if (!profileId) return;
    setBusy(true);
    setProgress(0);
    const result = await profiles.unlock(profileId, passphrase, setProgress);
    setBusy(false);
    setPassphrase('');
    if (result.ok) session.unlock(result.value);
    else setProblem(result.error.message);
  }

  return (
    <main className="lock-screen">
      <form
        className="lock-screen__panel"
        aria-labelledby="lock-title"
        onSubmit={submitWith(unlock)}
      >
        <h1 id="lock-title">Frontier Review is locked</h1>
        <p className="field-hint" role="status">
          {reason ?? 'Unlock your profile to work on this workstation.'}
        </p>
        <FormAlert problem={problem} />
        <fieldset className="lock-screen__profiles">
          <legend>Profile</legend>
          {list?.map((p) => (
            <label key={p.id} className="lock-screen__profile">
              <input type="radio" name="profile" checked={p.id === profileId} onChange={() => setChosen(p.id)} />
              <strong>{p.name}</strong>
              <span className="muted">{`${ROLE_LABELS[p.role]}${p.agency ? `, ${p.agency}` : ''} · ${p.principal}`}</span>
            </label>
          ))}
        </fieldset>
        <Field label="Passphrase">
          {(props) => <input {...props} ref={passphraseField} type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
        </Field>
        <button type="submit" className="button--primary" disabled={busy || passphrase === '' || !profileId}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        {busy && (
          <label className="lock-screen__progress">
            Opening the profile's keys: {Math.round(progress * 100)}%
            <progress max={1} value={progress} />
          </label>
        )}
      </form>
    </main>
  );
}
