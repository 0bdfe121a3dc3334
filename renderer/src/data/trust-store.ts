import { readSignerEntries, type TrustedSigner } from '../../../shared/identity/trusted-signer.js';
import { describeSignerKey } from '../../../shared/identity/trusted-signer.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { AuditedStore } from './audited-store.js';

/**
 * The signers this workstation trusts, added from allowed_signers or public identity files and
 * revoked, never deleted: the history of whom the workstation trusted when is kept.
 */
export class TrustStore extends AuditedStore {
  list(): Promise<TrustedSigner[]> {
    return this.db.trustedSigners.orderBy('fingerprint').toArray();
  }

  /** Adds every signer of an allowed_signers or identity file, in one transaction; a key already trusted is refused. */
  async addSigners(fileText: string): Promise<Result<TrustedSigner[]>> {
    let entries;
    try {
      entries = readSignerEntries(fileText);
    } catch (e) {
      return err('invalid-input', e instanceof Error ? e.message : String(e));
    }
    if (entries.length === 0) return err('invalid-input', 'The file lists no signers: it should hold lines like "dana@cisa ssh-ed25519 AAAA…".');
    const at = this.context.now().toISOString();
    const actor = this.context.actor();
    return this.transact(
      [this.db.trustedSigners],
      async () => {
        const added: TrustedSigner[] = [];
        for (const { signer, ageRecipient } of entries) {
          const { publicKey, fingerprint } = describeSignerKey(signer);
          const existing = await this.db.trustedSigners.where('fingerprint').equals(fingerprint).first();
          if (existing?.revokedAt === null) return err('conflict', `Line ${signer.line}: the key ${fingerprint} is already trusted, as ${existing.principals.join(', ')}.`);
          // A revoked key stays revoked: its owner makes a new one.
          if (existing) return err('conflict', `Line ${signer.line}: the key ${fingerprint} was revoked on ${existing.revokedAt.slice(0, 10)} and cannot be trusted again; ask its owner for a new key.`);
          const record: TrustedSigner = {
            id: crypto.randomUUID(),
            principals: signer.principals,
            publicKey,
            fingerprint,
            namespaces: signer.namespaces,
            validAfter: signer.validAfter?.toISOString() ?? null,
            validBefore: signer.validBefore?.toISOString() ?? null,
            ageRecipient,
            addedBy: actor,
            addedAt: at,
            revokedAt: null,
            revokedBy: null,
            revision: 1,
          };
          await this.db.trustedSigners.add(record);
          await this.audit(at, 'create', 'trusted-signer', record.id, null, record);
          added.push(record);
        }
        return ok(added);
      },
      'manage-profiles',
    );
  }

  /** Revokes a signer: bundles they signed are refused from now on. The reason is kept in the history. */
  async revoke(id: string, reason: string): Promise<Result<TrustedSigner>> {
    return this.decideWithReason(this.db.trustedSigners, id, reason, { what: 'the signer is revoked', gone: 'This signer is no longer in the trust store.' }, async (current, at) => {
      if (current.revokedAt !== null) return err('conflict', `${current.principals.join(', ')} was already revoked.`);
      const next: TrustedSigner = { ...current, revokedAt: at, revokedBy: this.context.actor(), revision: current.revision + 1 };
      await this.db.trustedSigners.put(next);
      await this.audit(at, 'status-change', 'trusted-signer', id, current, next, reason);
      return ok(next);
    });
  }
}
