import { useId, useMemo } from 'react';
import { parseCountryList } from '../../../../shared/marking/marking.js';
import { REL_TO_CODES } from '../../../../shared/marking/releasability.js';

interface RelToInputProps {
  /** The REL TO countries as typed ("GBR, AUS"). */
  readonly value: string;
  readonly onChange: (text: string) => void;
}

/**
 * The REL TO countries after `REL TO USA,`, typed as a list, with the codes this workstation knows
 * (ISO countries, XKS and coalition tetragraphs) offered by code and name while typing.
 */
export function RelToInput({ value, onChange }: RelToInputProps) {
  const listId = useId();
  // A datalist suggests whole values, so each suggestion is the list typed so far plus one code.
  const done = value.replace(/[^\s,;]*$/, '');
  const prefix = done.trim().length === 0 ? '' : `${done.replace(/[\s,;]+$/, '')}, `;
  const chosen = useMemo(() => new Set(parseCountryList(done)), [done]);

  return (
    <>
      <label className="inline-field">
        REL TO USA,
        <input
          type="text"
          className="input--short"
          value={value}
          placeholder="GBR, AUS"
          spellCheck={false}
          autoComplete="off"
          list={listId}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <datalist id={listId}>
        {REL_TO_CODES.filter((c) => !chosen.has(c.code)).map((c) => (
          <option key={c.code} value={`${prefix}${c.code}`} label={`${c.code}: ${c.name}`} />
        ))}
      </datalist>
    </>
  );
}
