import type { Dispatch, RefObject, SetStateAction } from 'react';
import { isIsoDate } from '../../../../shared/calendar/iso-date.js';
import { PACKET_STATUS_LABELS, type PacketStatus } from '../../../../shared/packet/packet-status.js';
import { MAX_REVIEW_WINDOW_DAYS, describeDaysRemaining, reviewWindow } from '../../../../shared/packet/review-window.js';
import { EnumOptions } from '../../ui/EnumOptions.js';
import { Field } from '../../ui/Field.js';
import type { PacketForm } from './packet-form.js';
import './packets.css';

interface PacketBasicsFieldsProps {
  readonly form: PacketForm;
  readonly setForm: Dispatch<SetStateAction<PacketForm>>;
  /** The statuses the packet may take from where it is saved. */
  readonly statusChoices: readonly PacketStatus[];
  /** The status as saved; undefined for a new packet. */
  readonly savedStatus: PacketStatus | undefined;
  readonly today: string;
  readonly fieldError: (path: string) => string | undefined;
  /** The first field, which takes the keyboard once the form is there. */
  readonly firstField: RefObject<HTMLInputElement | null>;
}

/** Who made the model, which model, its status in the review, and the review window's dates. */
export function PacketBasicsFields({ form, setForm, statusChoices, savedStatus, today, fieldError, firstField }: PacketBasicsFieldsProps) {
  const update = <K extends keyof PacketForm>(key: K, value: PacketForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const window =
    isIsoDate(form.accessGrantedDate) && isIsoDate(form.plannedReleaseDate) && form.plannedReleaseDate >= form.accessGrantedDate
      ? reviewWindow({ ...form }, today)
      : undefined;
  return (
    <div className="form-grid">
      <Field label="AI developer" error={fieldError('developer')}>
        {(p) => <input {...p} ref={firstField} type="text" value={form.developer} autoComplete="off" onChange={(e) => update('developer', e.target.value)} />}
      </Field>
      <Field label="Model name" error={fieldError('modelName')}>
        {(p) => <input {...p} type="text" value={form.modelName} autoComplete="off" onChange={(e) => update('modelName', e.target.value)} />}
      </Field>
      <Field label="Version or snapshot id" error={fieldError('modelVersion')}>
        {(p) => <input {...p} type="text" value={form.modelVersion} autoComplete="off" spellCheck={false} onChange={(e) => update('modelVersion', e.target.value)} />}
      </Field>
      <Field label="Status" error={fieldError('status')}>
        {(p) => (
          <select
            {...p}
            value={form.status}
            onChange={(e) => {
              const status = e.target.value as PacketStatus;
              // A reason belongs to a change of status; going back to the saved status drops it.
              setForm((f) => ({ ...f, status, statusReason: status === savedStatus ? '' : f.statusReason }));
            }}
          >
            <EnumOptions values={statusChoices} labels={PACKET_STATUS_LABELS} />
          </select>
        )}
      </Field>
      <Field label="Access granted" error={fieldError('accessGrantedDate')}>
        {(p) => <input {...p} type="date" value={form.accessGrantedDate} onChange={(e) => update('accessGrantedDate', e.target.value)} />}
      </Field>
      <Field
        label="Planned public release"
        error={fieldError('plannedReleaseDate')}
        hint={
          window && (
            <span className={`window-summary window-summary--${window.state}`}>
              {window.lengthDays}-day review window · {describeDaysRemaining(window)}
              {window.longerThanAllowed && ` · longer than the ${MAX_REVIEW_WINDOW_DAYS} days the order provides for`}
            </span>
          )
        }
      >
        {(p) => <input {...p} type="date" value={form.plannedReleaseDate} onChange={(e) => update('plannedReleaseDate', e.target.value)} />}
      </Field>
    </div>
  );
}
