import { useEffect, useMemo, useRef, useState } from 'react';
import { changedFields, type JsonValue } from '../../../../shared/audit/audit-event.js';
import { FieldChangesTable } from '../../ui/FieldChangesTable.js';
import { DIGEST_NAME, manifestMarking, type BundleManifest } from '../../../../shared/bundle/bundle-manifest.js';
import { ContentProblem, readReviewContent, type ReviewContent } from '../../../../shared/bundle/review-content.js';
import { ROLE_LABELS } from '../../../../shared/identity/profile.js';
import { useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { recordKey, unresolvedConflicts, type ImportPlan, type PlannedKind, type PlannedRecord, type Resolution } from '../../data/bundle-store.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { formatDateTime } from '../../ui/format.js';
import type { OpenedBundleFiles } from '../../host/host.js';
import { BundleProgress } from './BundleProgress.js';
import { plannedMarking } from './planned-marking.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PortionMark } from '../marking/PortionMark.js';
import { bannerText, bannerOf, type Marking } from '../../../../shared/marking/marking.js';
import './bundles.css';

/** Bundles are a few megabytes of review data; a file far larger is not one to read whole. */

interface Opened {
  readonly fileName: string;
  readonly bundle: OpenedBundleFiles;
  readonly content: ReviewContent;
  readonly plan: ImportPlan;
}

/**
 * Imports a review bundle: checks it as `frontier-review verify-bundle` does (signer trusted,
 * addressed to this profile, unaltered, not imported before), shows what merging it would add
 * and where both sides changed a record, and merges only once the reviewer has chosen.
 */
export function ImportBundleDialog({ onClose, onMessage }: { readonly onClose: () => void; readonly onMessage: (text: string, marking?: Marking) => void }) {
  const { trust, bundles, session, host } = useServices();
  const state = useSession(session);
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [opened, setOpened] = useState<Opened | undefined>();
  const openedRef = useRef<Opened | undefined>(undefined);
  const [progress, setProgress] = useState<{ readonly done: number; readonly total: number } | undefined>();
  const [resolutions, setResolutions] = useState<ReadonlyMap<string, Resolution>>(new Map());
  const unlocked = state.kind === 'unlocked' ? state.unlocked : undefined;

  async function choose() {
    if (!unlocked) return;
    const picked = await host.openFiles({ title: 'Import a review bundle', multiple: false, filters: [{ name: 'Frontier Review bundle', extensions: ['frbundle'] }] });
    if (!picked.ok) { setProblem(picked.error.message); return; }
    const file = picked.value[0];
    if (!file) return;
    setProblem(undefined);
    await closeOpened();
    setBusy('Checking signatures and decrypting…');
    const refuse = (reason: string) => setProblem(`${file.name} was not imported: ${reason} Nothing was changed.`);
    let bundle: OpenedBundleFiles | undefined;
    try {
      const result = await host.bundles.open(file, {
        signers: await trust.list(),
        decryption: passphrase === '' ? { identities: [unlocked.keys.ageIdentity] } : { passphrase },
        ownRecipients: [unlocked.profile.ageRecipient],
        seenBundleIds: await bundles.seenBundleIds(),
        now: new Date(),
        onProgress: (done, total) => setProgress({ done, total }),
        signal: stopChecks.current.signal,
      });
      if (!result.ok) {
        refuse(result.error.message);
        return;
      }
      bundle = result.value;
      // Closed while the bundle was being checked: its unpacked files go at once.
      if (gone()) return;
      setBusy('Checking the review data…');
      const content = await readReviewContent(bundle.files, { checked: bundle, onProgress: (done, total) => setProgress({ done, total }) });
      // Nothing of a record above this workstation's system high may reach the screen.
      const above = bundles.contentAboveCeiling(content, manifestMarking(bundle.manifest));
      if (above && !above.ok) {
        refuse(above.error.message);
        return;
      }
      const plan = await bundles.planImport(content, bundle.manifest.exporter.fingerprint);
      if (gone()) return;
      const next = { fileName: file.name, bundle, content, plan };
      openedRef.current = next;
      bundle = undefined;
      setOpened(next);
      setResolutions(new Map());
    } catch (e) {
      refuse(e instanceof ContentProblem ? e.message : `the bundle could not be read (${e instanceof Error ? e.message : String(e)}).`);
    } finally {
      // Whatever was opened and not kept for the merge is closed here; the file itself is read no more.
      await bundle?.close();
      void file.release();
      setBusy(undefined);
      setProgress(undefined);
    }
  }

  /** The opened bundle's files are unpacked in a quarantine folder until the dialog is done with them. */
  async function closeOpened() {
    const current = openedRef.current;
    openedRef.current = undefined;
    setOpened(undefined);
    await current?.bundle.close();
  }
  const mounted = useRef(true);
  /** Aborted when the dialog closes: a check still running in the main process stops and leaves nothing. */
  const stopChecks = useRef(new AbortController());
  /** Read afresh after each await: the dialog may have been closed meanwhile. */
  const gone = () => !mounted.current;
  useEffect(() => {
    mounted.current = true;
    if (stopChecks.current.signal.aborted) stopChecks.current = new AbortController();
    return () => {
      mounted.current = false;
      stopChecks.current.abort();
      void openedRef.current?.bundle.close();
    };
  }, []);

  async function merge() {
    if (!opened) return;
    setBusy('Merging…');
    const result = await bundles.commitImport(opened.bundle.manifest, opened.content, opened.plan, resolutions);
    setBusy(undefined);
    if (!result.ok) { setProblem(result.error.message); return; }
    const { added, replaced, kept } = result.value;
    onMessage(`Merged ${opened.fileName} from ${opened.bundle.manifest.exporter.name}: ${added} added, ${replaced} replaced by the bundle's version, ${kept} kept as they were here.`, bannerOf(opened.plan.records.map((r) => plannedMarking(r, opened.content))));
    onClose();
  }

  const unresolved = opened ? unresolvedConflicts(opened.plan, resolutions).length : 0;

  return (
    <Modal
      title="Import a review bundle"
      onClose={onClose}
      wide
      actions={
        <DialogActions
          onCancel={onClose}
          actLabel={unresolved > 0 ? `Choose for ${unresolved} conflict${unresolved === 1 ? '' : 's'}` : 'Merge'}
          disabled={!opened || busy !== undefined || unresolved > 0}
          onAct={() => void merge()}
        />
      }
    >
      {!unlocked ? (
        <p className="editor__notice">Unlock your profile to import: bundles are encrypted to a profile&apos;s key, and the import is recorded under its name.</p>
      ) : (
        <>
          <FormAlert problem={problem} />
          <BundleProgress label={busy ?? ''} progress={progress} />
          {!opened && (
            <>
              <Field label="Bundle passphrase (only for a bundle sealed with one)">
                {(props) => <input {...props} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
              </Field>
              <button type="button" className="button--primary" disabled={busy !== undefined} onClick={() => void choose()}>
                {busy ?? 'Choose bundle…'}
              </button>
            </>
          )}
          {opened && <Preview opened={opened} resolutions={resolutions} onResolve={(key, r) => setResolutions((m) => new Map(m).set(key, r))} />}
        </>
      )}
    </Modal>
  );
}

function Preview({ opened, resolutions, onResolve }: { readonly opened: Opened; readonly resolutions: ReadonlyMap<string, Resolution>; readonly onResolve: (key: string, r: Resolution) => void }) {
  const m: BundleManifest = opened.bundle.manifest;
  const { plan } = opened;
  const claimed = manifestMarking(m);
  // Everything the bundle holds is on screen, with this workstation's side of each conflict, and what the bundle says it is marked.
  useDisplayedMarkings(useMemo(() => [...plan.records.map((r) => plannedMarking(r, opened.content)), ...(claimed ? [claimed] : [])], [plan, opened.content, claimed]));
  return (
    <div className="bundle-preview">
      <p className="bundle-preview__verified" data-testid="bundle-verified">
        {`Verified: signed with the key ${opened.bundle.signerFingerprint}, trusted here as ${opened.bundle.signerPrincipals.join(', ')}; every file matches its signed ${DIGEST_NAME[opened.bundle.hash]}. The bundle names its exporter ${m.exporter.name} (${m.exporter.agency}, ${ROLE_LABELS[m.exporter.role].toLowerCase()}) and was made ${formatDateTime(m.createdAt)}.`}
      </p>
      <p data-testid="bundle-history" className={plan.proofMissing ? 'bundle-preview__warning' : undefined}>
        {historySummary(plan)}
      </p>
      {claimed && <p data-testid="bundle-marking">{`The bundle's signed manifest marks it ${bannerText(claimed)}.`}</p>}
      {m.markingBlocks && m.markingBlocks.length > 0 && <p data-testid="bundle-marking-blocks">{`Its authority block and CUI designation, as signed: ${m.markingBlocks.join(' · ')}`}</p>}
      <p data-testid="bundle-plan">{`Merging adds ${plan.adds} record${plan.adds === 1 ? '' : 's'}; ${plan.same} ${plan.same === 1 ? 'is' : 'are'} already the same here; ${plan.conflicts.length} need${plan.conflicts.length === 1 ? 's' : ''} your choice.`}</p>
      <table className="data-table" aria-label="What the bundle holds">
        <thead>
          <tr>
            <th scope="col">Marking</th>
            <th scope="col">Record</th>
            <th scope="col">Kind</th>
            <th scope="col">Here</th>
          </tr>
        </thead>
        <tbody>
          {plan.records.map((r) => (
            <tr key={recordKey(r)}>
              <td>
                <PortionMark marking={plannedMarking(r, opened.content)} />
              </td>
              <td>{r.label}</td>
              <td>{KIND_LABELS[r.kind]}</td>
              <td>{STATUS_LABELS[r.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.conflicts.map((c) => (
        <Conflict key={recordKey(c)} record={c} marking={plannedMarking(c, opened.content)} choice={resolutions.get(recordKey(c))} onChoose={(r) => onResolve(recordKey(c), r)} />
      ))}
    </div>
  );
}

const KIND_LABELS: Readonly<Record<PlannedKind, string>> = { packet: 'Packet', finding: 'Finding', run: 'Benchmark run', plan: 'Plan version', attachment: 'Original log', comment: 'Comment' };
/** What the bundle's history proof showed, in a sentence or two; what should worry the reviewer first. */
function historySummary(plan: ImportPlan): string {
  const { history } = plan;
  if (!history) {
    return plan.proofMissing
      ? 'Warning: this bundle carries no proof of its history, though earlier bundles from its signer did. Its history may have been altered.'
      : 'This bundle carries no proof of its history (it was made by an earlier version).';
  }
  const proven = `${history.events} history event${history.events === 1 ? ' is' : 's are'} proven in the signed history of ${history.origin}, key ${history.keyId} (${history.size} events)`;
  if (history.seenBefore === null) return `${proven}; it is the first bundle with this history seen here: compare the key id with the one you were given.`;
  if (history.olderThanSeen) return `${proven}, made before the ${history.seenBefore} events seen here already, which prove it was part of them.`;
  return `${proven}, which extends the ${history.extends ?? history.seenBefore} events seen here before.`;
}

const STATUS_LABELS: Readonly<Record<PlannedRecord['status'], string>> = { add: 'New', same: 'Same', conflict: 'Changed on both sides', 'deleted-here': 'Deleted here' };

function Conflict({ record, marking, choice, onChoose }: { readonly record: PlannedRecord; readonly marking: Marking; readonly choice: Resolution | undefined; readonly onChoose: (r: Resolution) => void }) {
  const deleted = record.status === 'deleted-here' ? record.deleted : undefined;
  const changes = changedFields(record.mine as unknown as JsonValue, record.theirs as unknown as JsonValue);
  return (
    <fieldset className="bundle-conflict">
      <legend>
        <PortionMark marking={marking} /> {deleted ? `${KIND_LABELS[record.kind]} “${record.label}” was deleted here ${formatDateTime(deleted.at)} by ${deleted.actor}` : `${KIND_LABELS[record.kind]} “${record.label}” changed on both sides`}
      </legend>
      {!deleted && <FieldChangesTable changes={changes} beforeLabel="This workstation" afterLabel="The bundle" className="data-table" />}
      <label>
        <input type="radio" name={`choice-${recordKey(record)}`} checked={choice === 'mine'} onChange={() => onChoose('mine')} />
        {deleted ? (record.kind === 'packet' ? 'Leave it deleted, with everything of it the bundle carries' : 'Leave it deleted') : "Keep this workstation's"}
      </label>
      <label>
        <input type="radio" name={`choice-${recordKey(record)}`} checked={choice === 'theirs'} onChange={() => onChoose('theirs')} />
        {deleted ? "Restore the bundle's" : "Take the bundle's"}
      </label>
    </fieldset>
  );
}
