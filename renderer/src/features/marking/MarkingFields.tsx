import { useId, type ReactNode } from 'react';
import {
  CLASSIFICATION_LEVELS,
  CUI_CATEGORIES,
  SCI_CONTROLS,
  bannerText,
  commingledCui,
  disseminationControlsFor,
  isClassified,
  normalizeMarking,
  parseCountryList,
  portionMark,
  withLevel,
  type ClassificationLevel,
  type Marking,
} from '../../../../shared/marking/marking.js';
import { markingColours } from './marking-colours.js';
import { RelToInput } from './RelToInput.js';
import './marking.css';

interface MarkingFieldsProps {
  readonly legend: string;
  readonly marking: Marking;
  /** The REL TO countries as typed. */
  readonly relToText: string;
  readonly onChange: (marking: Marking, relToText: string) => void;
  /** Messages to show under the fields: invalid combinations, or a marking above the ceiling. */
  readonly problems: readonly string[];
  readonly disabled?: boolean;
  /** A ceiling (a system high, what media may carry) limits content rather than marking any: its preview is not content on screen. */
  readonly ceiling?: boolean;
}

/** Level, SCI, CUI categories, dissemination controls and REL TO, with a live banner preview. */
export function MarkingFields({ legend, marking, relToText, onChange, problems, disabled = false, ceiling = false }: MarkingFieldsProps) {
  const id = useId();
  const classified = isClassified(marking.level);
  const controls = disseminationControlsFor(marking.level);
  const colours = markingColours(marking);
  // CUI merged into a classified record has no boxes at a classified level: it is shown, and kept as the fields change.
  const heldCui = commingledCui(marking);
  const errorId = `${id}-problems`;
  // Always hand back the canonical order, so ticking and unticking a box returns the same marking.
  const change = (next: Marking, text: string) => onChange(normalizeMarking(next), text);

  return (
    <fieldset className="marking-fields" disabled={disabled} aria-describedby={problems.length > 0 ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="marking-fields__row">
        <label htmlFor={`${id}-level`}>Level</label>
        <select
          id={`${id}-level`}
          value={marking.level}
          aria-invalid={problems.length > 0}
          onChange={(e) => {
            const level = e.target.value as ClassificationLevel;
            change(withLevel(marking, level), level === 'UNCLASSIFIED' ? '' : relToText);
          }}
        >
          {CLASSIFICATION_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
        <output className="marking-preview" aria-label="Marking preview" htmlFor={`${id}-level`} data-marking-ceiling={ceiling ? '' : undefined}>
          <span className="marking-preview__banner" style={{ backgroundColor: colours.background, color: colours.text }}>
            {bannerText(marking)}
          </span>
          <span className="marking-preview__portion">{portionMark(marking)}</span>
        </output>
      </div>

      {classified && (
        <CheckboxRow
          label="SCI"
          groupLabel="SCI control systems"
          options={SCI_CONTROLS.map((value) => ({ value }))}
          selected={marking.sci}
          onChange={(sci) => change({ ...marking, sci }, relToText)}
        />
      )}

      {marking.level === 'CUI' && (
        <CheckboxRow
          label="Categories"
          groupLabel="CUI categories"
          options={CUI_CATEGORIES.map((c) => ({ value: c.code, title: c.name }))}
          selected={marking.cuiCategories}
          onChange={(cuiCategories) => change({ ...marking, cuiCategories }, relToText)}
        />
      )}

      {controls.length > 0 && (
        <CheckboxRow
          label="Dissemination"
          groupLabel="Dissemination controls"
          options={controls.map((value) => ({ value }))}
          selected={marking.dissemination}
          onChange={(dissemination) => change({ ...marking, dissemination }, relToText)}
        >
          <RelToInput value={relToText} onChange={(text) => change({ ...marking, relTo: parseCountryList(text) }, text)} />
        </CheckboxRow>
      )}

      {heldCui && (
        <p className="marking-fields__held-cui">
          Also holds CUI: {[...heldCui.categories, ...heldCui.controls].join(' · ')}
        </p>
      )}

      {/* Polite, not an alert: the list changes as boxes are ticked, and is tied to the fieldset. */}
      <ul id={errorId} className="field-error" aria-live="polite">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </fieldset>
  );
}

interface CheckboxRowProps<T extends string> {
  readonly label: string;
  readonly groupLabel: string;
  readonly options: readonly { readonly value: T; readonly title?: string }[];
  readonly selected: readonly T[];
  readonly onChange: (selected: T[]) => void;
  /** Further controls at the end of the row. */
  readonly children?: ReactNode;
}

/** One labelled row of checkboxes, one per option, ticked for those selected. */
function CheckboxRow<T extends string>({ label, groupLabel, options, selected, onChange, children }: CheckboxRowProps<T>) {
  return (
    <div className="marking-fields__row marking-fields__row--wrap" role="group" aria-label={groupLabel}>
      <span className="marking-fields__label" aria-hidden="true">
        {label}
      </span>
      {options.map(({ value, title }) => (
        <label key={value} className="check" title={title}>
          <input
            type="checkbox"
            checked={selected.includes(value)}
            onChange={(e) => onChange(e.target.checked ? [...selected, value] : selected.filter((x) => x !== value))}
          />
          {value}
        </label>
      ))}
      {children}
    </div>
  );
}
