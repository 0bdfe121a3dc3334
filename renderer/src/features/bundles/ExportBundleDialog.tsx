import { ed25519 } from '@noble/curves/ed25519.js';
import { useEffect, useMemo, useState } from 'react';
import { reviewBundleFiles, type BundledAttachment } from '../../../../shared/bundle/review-content.js';
import { sha256OfSource } from '../../../../shared/hash/sha256.js';
import { MANIFEST } from '../../../../shared/bundle/bundle-manifest.js';
import { useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { usePackets, useTrustedSigners } from '../../data/hooks.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { fileNamePart } from '../../ui/file-name.js';
import { BundleEncryptionFields, type BundleEncryption } from './BundleEncryptionFields.js';
import { BundleOriginalsField } from './BundleOriginalsField.js';
import { BundleProgress } from './BundleProgress.js';
import { useHeldFiles } from './use-held-files.js';
import { PortionMark } from '../marking/PortionMark.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import type { Marking } from '../../../../shared/marking/marking.js';

/**
 * A team lead signs and exports packets as a review bundle: encrypted to the chosen trusted
 * signers (or to a passphrase), signed with the lead's key, saved where the lead chooses.
 */
export function ExportBundleDialog({ initialPacketIds, onClose, onMessage }: { readonly initialPacketIds: readonly string[]; readonly onClose: () => void; readonly onMessage: (text: string, marking?: Marking) => void }) {
  const { store, trust, bundles, exports, session, host } = useServices();
  const state = useSession(session);
  const packets = usePackets(store);
  const signers = useTrustedSigners(trust);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(initialPacketIds));
  const [recipients, setRecipients] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<BundleEncryption>('recipients');
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ readonly done: number; readonly total: number } | undefined>();
  const [originals, setOriginals] = useState<Awaited<ReturnType<typeof bundles.originalsFor>>>([]);
  const [attached, setAttached] = useState<ReadonlyMap<string, BundledAttachment>>(new Map());
  const heldFiles = useHeldFiles();
  const chosenKey = [...chosen].sort().join(',');
  useEffect(() => {
    let live = true;
    void bundles.originalsFor(chosenKey === '' ? [] : chosenKey.split(',')).then((found) => live && setOriginals(found));
    return () => {
      live = false;
    };
  }, [bundles, chosenKey, packets]);

  /** The exporter gives the original logs this workstation does not keep; each must be a run's, by its SHA-256. */
  async function attachOriginals() {
    const picked = await host.openFiles({ title: 'Attach original evaluation logs', multiple: true, filters: [{ name: 'Evaluation logs', extensions: ['eval', 'json', 'csv'] }] });
    if (!picked.ok) { setProblem(picked.error.message); return; }
    const next = new Map(attached);
    const strays: string[] = [];
    for (const file of picked.value) {
      const sha256 = await sha256OfSource(file);
      if (originals.some((o) => o.sha256 === sha256)) {
        next.set(sha256, { sha256, fileName: file.name, source: file });
        heldFiles.hold(file);
      } else {
        strays.push(file.name);
        void file.release();
      }
    }
    setAttached(next);
    setProblem(strays.length > 0 ? `${strays.join(', ')} ${strays.length === 1 ? 'is' : 'are'} not the original log of any run in the chosen packets (the SHA-256 differs), so ${strays.length === 1 ? 'it was' : 'they were'} not attached.` : undefined);
  }
  // The logs are named under the markings of the runs read from them.
  useDisplayedMarkings(useMemo(() => originals.map((o) => o.marking), [originals]));
  const encryptable = useMemo(() => (signers ?? []).filter((s) => s.revokedAt === null && s.ageRecipient !== null), [signers]);
  const lead = state.kind === 'unlocked' && state.unlocked.profile.role === 'team-lead' ? state.unlocked : undefined;
  const toggle = (set: ReadonlySet<string>, id: string) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };

  async function exportBundle() {
    if (!lead || !packets) return;
    const ids = packets.filter((p) => chosen.has(p.id)).map((p) => p.id);
    if (ids.length === 0) { setProblem('Choose at least one packet.'); return; }
    const to = encryptable.filter((s) => recipients.has(s.id)).map((s) => ({ label: s.principals.join(', '), recipient: s.ageRecipient ?? '' }));
    if (recipients.has('me')) to.push({ label: `${lead.profile.name} (exporter)`, recipient: lead.profile.ageRecipient });
    if (mode === 'recipients' && to.length === 0) { setProblem('Choose at least one recipient.'); return; }
    if (mode === 'passphrase' && passphrase.length < 10) { setProblem('A bundle passphrase has at least 10 characters.'); return; }
    setBusy(true);
    setProblem(undefined);
    try {
      // Refused before anything is made or saved: an export always has its history event.
      const refused = await bundles.exportProblem();
      if (refused) {
        setProblem(refused);
        return;
      }
      const content = await bundles.contentFor(ids, [...attached.values()]);
      if (!content.ok) { setProblem(content.error.message); return; }
      const createdAt = new Date().toISOString();
      const sent = content.value.packets;
      const saved = await exports.exportBundle({
        what: `${ids.length} packet${ids.length === 1 ? '' : 's'} as a review bundle`,
        packetIds: ids,
        content: content.value,
        request: {
          title: 'Save the review bundle',
          suggestedName: `${fileNamePart(sent.length === 1 && sent[0] ? `${sent[0].developer}-${sent[0].modelName}` : `${sent.length}-packets`)}-${createdAt.slice(0, 10)}.frbundle`,
          filters: [{ name: 'Frontier Review bundle', extensions: ['frbundle'] }],
          header: {
            bundleId: crypto.randomUUID(),
            createdAt,
            signer: { name: lead.profile.name, agency: lead.profile.agency, role: 'team-lead', seed: lead.keys.signingSeed, publicKey: ed25519.getPublicKey(lead.keys.signingSeed) },
            encryption: mode === 'passphrase' ? { passphrase } : { recipients: to },
          },
          sources: reviewBundleFiles(content.value),
          onProgress: (done, total) => setProgress({ done, total }),
        },
      });
      if (!saved.ok) { setProblem(`The bundle was not saved: ${saved.error.message}`); return; }
      if (!saved.value.saved) return;
      onMessage(`Exported ${ids.length} packet${ids.length === 1 ? '' : 's'} to ${saved.value.fileName}, signed by ${lead.profile.name}, ${mode === 'passphrase' ? 'sealed with a passphrase' : `for ${to.map((r) => r.label).join('; ')}`}. Its contents are marked ${saved.value.banner}.`, saved.value.marking);
      onClose();
    } catch (e) {
      setProblem(`The bundle could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  }

  return (
    <Modal
      title="Export a review bundle"
      onClose={onClose}
      wide
      actions={<DialogActions onCancel={onClose} actLabel={busy ? 'Signing and encrypting…' : 'Sign and export…'} disabled={!lead || busy} onAct={() => void heldFiles.during(exportBundle())} />}
    >
      {!lead ? (
        <p className="editor__notice">Only a team lead signs and exports review bundles: unlock a team lead&apos;s profile to export.</p>
      ) : (
        <>
          <FormAlert problem={problem} />
          <BundleProgress label="Signing and encrypting…" progress={progress} />
          <fieldset className="bundle-choice">
            <legend>Packets</legend>
            {packets?.map((p) => (
              <label key={p.id}>
                <input type="checkbox" checked={chosen.has(p.id)} onChange={() => setChosen((c) => toggle(c, p.id))} />
                <PortionMark marking={p.marking} /> {`${p.developer} ${p.modelName} ${p.modelVersion}`}
              </label>
            ))}
          </fieldset>
          <BundleEncryptionFields
            mode={mode}
            onModeChange={setMode}
            encryptable={encryptable}
            recipients={recipients}
            onToggleRecipient={(id) => setRecipients((r) => toggle(r, id))}
            exporterName={lead.profile.name}
            passphrase={passphrase}
            onPassphraseChange={setPassphrase}
          />
          <BundleOriginalsField originals={originals} attached={attached} busy={busy} onAttach={() => void attachOriginals()} />
          <p className="field-hint">{`The bundle holds ${MANIFEST}, the review data (packets, findings, runs with their scores, plan versions as OSCAL) and its history, signed with your key (${lead.profile.fingerprint}).`}</p>
        </>
      )}
    </Modal>
  );
}
