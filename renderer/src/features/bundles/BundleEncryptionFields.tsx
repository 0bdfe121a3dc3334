import type { TrustedSigner } from '../../../../shared/identity/trusted-signer.js';
import { Field } from '../../ui/Field.js';

export type BundleEncryption = 'recipients' | 'passphrase';

interface BundleEncryptionFieldsProps {
  readonly mode: BundleEncryption;
  readonly onModeChange: (mode: BundleEncryption) => void;
  /** Trusted signers the bundle can be encrypted to: not revoked, with an encryption key. */
  readonly encryptable: readonly TrustedSigner[];
  /** Chosen signers by id, and 'me' for the exporter. */
  readonly recipients: ReadonlySet<string>;
  readonly onToggleRecipient: (id: string) => void;
  readonly exporterName: string;
  readonly passphrase: string;
  readonly onPassphraseChange: (passphrase: string) => void;
}

/** Whom a bundle is encrypted to: trusted signers' keys (the exporter's own among them), or a passphrase. */
export function BundleEncryptionFields({ mode, onModeChange, encryptable, recipients, onToggleRecipient, exporterName, passphrase, onPassphraseChange }: BundleEncryptionFieldsProps) {
  return (
    <>
      <fieldset className="bundle-choice">
        <legend>Encrypt to</legend>
        <label>
          <input type="radio" name="encryption" checked={mode === 'recipients'} onChange={() => onModeChange('recipients')} />
          Trusted signers&apos; keys
        </label>
        <label>
          <input type="radio" name="encryption" checked={mode === 'passphrase'} onChange={() => onModeChange('passphrase')} />A passphrase, given to the recipient separately
        </label>
      </fieldset>
      {mode === 'recipients' ? (
        <fieldset className="bundle-choice">
          <legend>Recipients</legend>
          {encryptable.map((s) => (
            <label key={s.id}>
              <input type="checkbox" checked={recipients.has(s.id)} onChange={() => onToggleRecipient(s.id)} />
              {s.principals.join(', ')} <code className="muted">{s.fingerprint}</code>
            </label>
          ))}
          <label>
            <input type="checkbox" checked={recipients.has('me')} onChange={() => onToggleRecipient('me')} />
            {`${exporterName} (you), to open it here again`}
          </label>
          {encryptable.length === 0 && <p className="field-hint">No trusted signer has an encryption key yet: add their public identity file under Workstation › Trusted signers.</p>}
        </fieldset>
      ) : (
        <Field label="Bundle passphrase" hint="At least 10 characters. Tell it to the recipient by another channel than the one carrying the bundle.">
          {(props) => <input {...props} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => onPassphraseChange(e.target.value)} />}
        </Field>
      )}
    </>
  );
}
