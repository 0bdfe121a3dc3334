import { useId } from 'react';
import {
  CLASSIFICATION_LEVELS,
  CUI_CATEGORIES,
  SCI_CONTROLS,
  bannerColours,
  bannerText,
  disseminationControlsFor,
  isClassified,
  normalizeMarking,
  parseCountryList,
  portionMark,
  withLevel,
  type ClassificationLevel,
  type Marking,
} from '../../../../shared/marking/marking.js';

interface MarkingFieldsProps {
  readonly legend: string;
  readonly marking: Marking;
  /** The REL TO countries as typed. */
  readonly relToText: string;
  readonly onChange: (marking: Marking, relToText: string) => void;
  /** Messages to show under the fields: invalid combinations, or a marking above the ceiling. */
  readonly problems: readonly string[];
  readonly disabled?: boolean;
}

/** Level, SCI, CUI categories, dissemination controls and REL TO, with a live banner preview. */
export function MarkingFields({ legend, marking, relToText, onChange, problems, disabled = false }: MarkingFieldsProps) {
  const id = useId();
  const classified = isClassified(marking.level);
  const controls = disseminationControlsFor(marking.level);
  const colours = bannerColours(marking);
  const errorId = `${id}-problems`;
  const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));
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
        <output className="marking-preview" aria-label="Marking preview" htmlFor={`${id}-level`}>
          <span className="marking-preview__banner" style={{ backgroundColor: colours.background, color: colours.text }}>
            {bannerText(marking)}
          </span>
          <span className="marking-preview__portion">{portionMark(marking)}</span>
        </output>
      </div>

      {classified && (
        <div className="marking-fields__row" role="group" aria-label="SCI control systems">
          <span className="marking-fields__label" aria-hidden="true">SCI</span>
          {SCI_CONTROLS.map((control) => (
            <label key={control} className="check">
              <input
                type="checkbox"
                checked={marking.sci.includes(control)}
                onChange={(e) => change({ ...marking, sci: toggle(marking.sci, control, e.target.checked) }, relToText)}
              />
              {control}
            </label>
          ))}
        </div>
      )}

      {marking.level === 'CUI' && (
        <div className="marking-fields__row marking-fields__row--wrap" role="group" aria-label="CUI categories">
          <span className="marking-fields__label" aria-hidden="true">Categories</span>
          {CUI_CATEGORIES.map((category) => (
            <label key={category.code} className="check" title={category.name}>
              <input
                type="checkbox"
                checked={marking.cuiCategories.includes(category.code)}
                onChange={(e) =>
                  change({ ...marking, cuiCategories: toggle(marking.cuiCategories, category.code, e.target.checked) }, relToText)
                }
              />
              {category.code}
            </label>
          ))}
        </div>
      )}

      {controls.length > 0 && (
        <div className="marking-fields__row marking-fields__row--wrap" role="group" aria-label="Dissemination controls">
          <span className="marking-fields__label" aria-hidden="true">
            Dissemination
          </span>
          {controls.map((control) => (
            <label key={control} className="check">
              <input
                type="checkbox"
                checked={marking.dissemination.includes(control)}
                onChange={(e) =>
                  change({ ...marking, dissemination: toggle(marking.dissemination, control, e.target.checked) }, relToText)
                }
              />
              {control}
            </label>
          ))}
          <label className="inline-field">
            REL TO USA,
            <input
              type="text"
              className="input--short"
              value={relToText}
              placeholder="GBR, AUS"
              spellCheck={false}
              onChange={(e) => change({ ...marking, relTo: parseCountryList(e.target.value) }, e.target.value)}
            />
          </label>
        </div>
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
