import { useState } from 'react';
import { formatAllowedSigners, formatRevokedKeys, type TrustedSigner } from '../../../../shared/identity/trusted-signer.js';
import { UNCLASSIFIED } from '../../../../shared/marking/marking.js';
import { mayManageWorkstation, useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useTrustedSigners } from '../../data/hooks.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { submitWith } from '../../ui/form-submit.js';
import { Modal } from '../../ui/Modal.js';
import { ReasonField } from '../../ui/ReasonField.js';
import { useReasonedChange } from '../../ui/use-reasoned-change.js';
import { formatDateTime } from '../../ui/format.js';
import './identity.css';

/**
 * Whom this workstation trusts to sign bundles: added from allowed_signers or public identity
 * files, each shown with its fingerprint and who added it when; revoked with a reason, never deleted.
 */
export function TrustStoreDialog({ onClose, onMessage }: { readonly onClose: () => void; readonly onMessage: (text: string) => void }) {
  const { trust, host, exports, session } = useServices();
  const state = useSession(session);
  const signers = useTrustedSigners(trust);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<TrustedSigner | undefined>();
  const mayChange = mayManageWorkstation(state);

  async function openFile() {
    const picked = await host.openFiles({ title: 'Add trusted signers', multiple: false, filters: [{ name: 'allowed_signers or identity file', extensions: ['allowed_signers', 'txt', 'pub'] }] });
    if (!picked.ok) {
      setProblem(picked.error.message);
      return;
    }
    const file = picked.value[0];
    if (!file) return;
    try {
      if (file.size > 1024 * 1024) {
        setProblem(`${file.name} is ${file.size.toLocaleString('en-US')} bytes; an allowed_signers file is a few lines.`);
        return;
      }
      setText(new TextDecoder().decode(await file.read(0, file.size)));
    } finally {
      void file.release();
    }
  }

  async function add() {
    const result = await trust.addSigners(text);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(undefined);
    setText('');
    onMessage(`Now trusting ${result.value.map((s) => `${s.principals.join(', ')} (${s.fingerprint})`).join('; ')}.`);
  }

  async function exportStore() {
    const list = signers ?? [];
    const saved = await exports.saveFile({
      kind: 'trusted-signers',
      what: `the ${list.length} trusted signers of this workstation`,
      // Public keys and names: nothing of the review.
      records: list.map((s) => ({ type: 'trusted-signer', id: s.id, marking: UNCLASSIFIED })),
      dialogTitle: 'Save the trust store as allowed_signers',
      suggestedName: 'allowed_signers',
      body: { format: 'allowed-signers', text: `# Frontier Review trust store, for ssh-keygen -Y verify -f\n${formatAllowedSigners(list)}${formatRevokedKeys(list) ? `\n# Revoked keys (pass them with -r):\n${formatRevokedKeys(list).replace(/^/gm, '# ')}` : ''}` },
    });
    if (!saved.ok) onMessage(`The trust store was not saved: ${saved.error.message}`);
    else if (saved.value.saved) onMessage(`Saved the trust store to ${saved.value.fileName}.`);
  }

  return (
    <Modal
      title="Trusted signers"
      onClose={onClose}
      wide
      actions={
        <>
          <button type="button" onClick={() => void exportStore()} disabled={!signers || signers.length === 0}>
            Save as allowed_signers…
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <FormAlert problem={problem} />
      {signers && signers.length > 0 ? (
        <table className="data-table" aria-label="Trusted signers">
          <thead>
            <tr>
              <th scope="col">Principals</th>
              <th scope="col">Fingerprint</th>
              <th scope="col">Bundles can be encrypted to them</th>
              <th scope="col">Added</th>
              <th scope="col">Status</th>
              {mayChange && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {signers.map((s) => (
              <tr key={s.id}>
                <td>{s.principals.join(', ')}</td>
                <td className="cell--key">{s.fingerprint}</td>
                <td>{s.ageRecipient ? 'Yes' : 'No (no age recipient given)'}</td>
                <td>{`${formatDateTime(s.addedAt)} by ${s.addedBy}`}</td>
                <td>{s.revokedAt ? `Revoked ${formatDateTime(s.revokedAt)} by ${s.revokedBy ?? 'unknown'}` : s.validBefore ? `Trusted until ${formatDateTime(s.validBefore)}` : 'Trusted'}</td>
                {mayChange && (
                  <td>
                    {!s.revokedAt && (
                      <button type="button" onClick={() => setRevoking(s)}>
                        Revoke…
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The workstation trusts no one yet: bundles from other workstations are refused until their signers are added here.</p>
      )}
      {revoking && (
        <RevokeSigner
          key={revoking.id}
          signer={revoking}
          onDone={(signer) => {
            setRevoking(undefined);
            if (signer) onMessage(`Revoked ${signer.principals.join(', ')}: bundles they sign are refused from now on.`);
          }}
        />
      )}
      {mayChange ? (
        <section aria-labelledby="add-signers-title" className="editor__section">
          <h3 id="add-signers-title">Add signers</h3>
          <Field label="allowed_signers lines or a public identity file" hint="One signer per line: principals, then the ssh-ed25519 key. Check each fingerprint with its owner first.">
            {(props) => <textarea {...props} rows={5} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />}
          </Field>
          <button type="button" onClick={() => void openFile()}>
            Open file…
          </button>{' '}
          <button type="button" className="button--primary" disabled={text.trim() === ''} onClick={() => void add()}>
            Trust these signers
          </button>
        </section>
      ) : (
        <p className="field-hint">Only a team lead changes whom the workstation trusts.</p>
      )}
    </Modal>
  );
}

/** Revoking one signer, with the reason the history keeps. */
function RevokeSigner({ signer, onDone }: { readonly signer: TrustedSigner; readonly onDone: (revoked: TrustedSigner | undefined) => void }) {
  const { trust } = useServices();
  const change = useReasonedChange((reason) => trust.revoke(signer.id, reason), onDone);
  return (
    <form className="editor__section" onSubmit={submitWith(change.submit)}>
      <FormAlert problem={change.problem} />
      <ReasonField change={change} label={`Why revoke ${signer.principals.join(', ')}?`} />
      <button type="submit" className="button--danger" disabled={!change.given || change.busy}>
        Revoke
      </button>{' '}
      <button type="button" onClick={() => onDone(undefined)}>
        Cancel
      </button>
    </form>
  );
}
