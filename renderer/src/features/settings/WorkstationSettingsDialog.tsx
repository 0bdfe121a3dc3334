import { useState } from 'react';
import { markingProblems, type Marking } from '../../../../shared/marking/marking.js';
import { BANNER_MODES, type BannerMode } from '../../../../shared/settings/workstation-settings.js';
import { useServices, useSettings } from '../../app/services.js';
import { Modal } from '../../ui/Modal.js';
import { MarkingFields } from '../marking/MarkingFields.js';

const BANNER_MODE_LABELS: Readonly<Record<BannerMode, string>> = {
  'highest-on-screen': 'The highest marking of what is on screen',
  'system-high': "Always the workstation's system high",
};

/** The workstation's accreditation (system high) and what the banner shows. */
export function WorkstationSettingsDialog({ onClose }: { readonly onClose: () => void }) {
  const { workstation, appInfo } = useServices();
  const settings = useSettings();
  const [systemHigh, setSystemHigh] = useState<Marking>(settings.settings.systemHigh);
  const [relToText, setRelToText] = useState(settings.settings.systemHigh.relTo.join(', '));
  const [bannerMode, setBannerMode] = useState<BannerMode>(settings.settings.bannerMode);
  const [error, setError] = useState<string | undefined>();
  const managed = settings.managed;

  async function save() {
    if (markingProblems(systemHigh).length > 0) {
      setError('Correct the system high marking first.');
      return;
    }
    // The workstation refuses a system high below what it holds, and says what.
    const failure = await workstation.update({ systemHigh, bannerMode });
    if (failure) setError(failure);
    else onClose();
  }

  return (
    <Modal
      title="Workstation settings"
      onClose={onClose}
      wide
      actions={
        <>
          <button type="button" onClick={onClose}>
            {managed ? 'Close' : 'Cancel'}
          </button>
          {!managed && (
            <button type="button" className="button--primary" onClick={() => void save()}>
              Save settings
            </button>
          )}
        </>
      }
    >
      {managed && <p className="editor__notice">These settings are managed by your administrator and cannot be changed here.</p>}
      <p className="field-hint">
        Signed in to this workstation as <strong>{appInfo.userName}</strong>; changes to review data are recorded under this name.
      </p>
      <MarkingFields
        legend="System high: the highest marking this workstation may hold"
        marking={systemHigh}
        relToText={relToText}
        problems={markingProblems(systemHigh).map((p) => p.message)}
        disabled={managed}
        onChange={(marking, text) => {
          setSystemHigh(marking);
          setRelToText(text);
          setError(undefined);
        }}
      />
      <fieldset disabled={managed}>
        <legend>The classification banner shows</legend>
        {BANNER_MODES.map((mode) => (
          <label key={mode} className="check check--block">
            <input type="radio" name="banner-mode" value={mode} checked={bannerMode === mode} onChange={() => setBannerMode(mode)} />
            {BANNER_MODE_LABELS[mode]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
