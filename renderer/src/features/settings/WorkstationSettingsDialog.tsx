import { useState } from 'react';
import { UNCLASSIFIED, exceedsCeiling, markingProblems, type Marking } from '../../../../shared/marking/marking.js';
import { BANNER_MODES, type BannerMode } from '../../../../shared/settings/workstation-settings.js';
import { signedInName, useSession } from '../../app/profile-session.js';
import { useServices, useSettings } from '../../app/services.js';
import { Modal } from '../../ui/Modal.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { CuiDesignatorFields } from './CuiDesignatorFields.js';
import type { CuiDesignator } from '../../../../shared/marking/cui-designation.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';

const BANNER_MODE_LABELS: Readonly<Record<BannerMode, string>> = {
  'highest-on-screen': 'The highest marking of what is on screen',
  'system-high': "Always the workstation's system high",
};

/** The workstation's accreditation (system high) and what the banner shows. */
export function WorkstationSettingsDialog({ onClose }: { readonly onClose: () => void }) {
  const { workstation, appInfo, store, session } = useServices();
  const sessionState = useSession(session);
  const settings = useSettings();
  const [systemHigh, setSystemHigh] = useState<Marking>(settings.settings.systemHigh);
  const [relToText, setRelToText] = useState(settings.settings.systemHigh.relTo.join(', '));
  const [bannerMode, setBannerMode] = useState<BannerMode>(settings.settings.bannerMode);
  const [exportCeiling, setExportCeiling] = useState<Marking | undefined>(settings.settings.exportCeiling);
  const [cuiDesignator, setCuiDesignator] = useState<CuiDesignator | undefined>(settings.settings.cuiDesignator);
  const [error, setError] = useState<string | undefined>();
  // A refusal names the packets above the system high asked for: they are on screen under their markings.
  const [named, setNamed] = useState<readonly Marking[]>([]);
  useDisplayedMarkings(named);
  const managed = settings.managed;

  async function save() {
    if (markingProblems(systemHigh).length > 0 || (exportCeiling && markingProblems(exportCeiling).length > 0)) {
      setError('Correct the markings first.');
      return;
    }
    // The workstation refuses a system high below what it holds, and says what.
    const failure = await workstation.update({ systemHigh, bannerMode, ...(exportCeiling ? { exportCeiling } : {}), ...(cuiDesignator ? { cuiDesignator } : {}) });
    if (failure) {
      setError(failure);
      setNamed((await store.holdingsAbove(systemHigh)).packets.map((p) => p.marking));
    } else onClose();
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
        Signed in as <strong>{signedInName(sessionState, appInfo.userName)}</strong>; changes to review data are recorded under this name.
      </p>
      <MarkingFields
        legend="System high: the highest marking this workstation may hold"
        marking={systemHigh}
        relToText={relToText}
        problems={markingProblems(systemHigh).map((p) => p.message)}
        disabled={managed}
        ceiling
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
      <ExportCeilingFields systemHigh={systemHigh} ceiling={exportCeiling} disabled={managed} onChange={(c) => {
          setExportCeiling(c);
          setError(undefined);
        }}
      />
      <CuiDesignatorFields designator={cuiDesignator} disabled={managed} onChange={setCuiDesignator} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

/**
 * Where site policy accredits the workstation's removable media and printers below its system high:
 * no file leaves and nothing prints above that. Off, they may carry the system high.
 */
function ExportCeilingFields({ systemHigh, ceiling, disabled, onChange }: { readonly systemHigh: Marking; readonly ceiling: Marking | undefined; readonly disabled: boolean; readonly onChange: (ceiling: Marking | undefined) => void }) {
  const [relToText, setRelToText] = useState(ceiling?.relTo.join(', ') ?? '');
  return (
    <fieldset disabled={disabled}>
      <legend>Exports and printouts</legend>
      <label className="check check--block">
        <input type="checkbox" checked={ceiling !== undefined} onChange={(e) => onChange(e.target.checked ? UNCLASSIFIED : undefined)} />
        Removable media and printers here are accredited below the system high
      </label>
      {ceiling && (
        <MarkingFields
          legend="The highest marking a file or printout may leave with"
          marking={ceiling}
          relToText={relToText}
          problems={[...markingProblems(ceiling).map((p) => p.message), ...exceedsCeiling(ceiling, systemHigh).map((r) => `Not above the system high: ${r}`)]}
          disabled={disabled}
          ceiling
          onChange={(marking, text) => {
            setRelToText(text);
            onChange(marking);
          }}
        />
      )}
    </fieldset>
  );
}
