import { NO_AUTHORITY, type ClassificationAuthority } from '../../../../shared/marking/authority.js';
import { AuthorityFields } from './AuthorityFields.js';

/**
 * A record's own classification authority block, where it does not derive from its packet's (a
 * finding drawn from another agency's report): off, exports and printouts carry the packet's.
 */
export function AuthorityOverride({ authority, classified, onChange, error }: { readonly authority: ClassificationAuthority | undefined; readonly classified: boolean; readonly onChange: (next: ClassificationAuthority | undefined) => void; readonly error: (field: keyof ClassificationAuthority) => string | undefined }) {
  if (!classified && authority === undefined) return null;
  return (
    <div className="authority-override">
      <label className="check check--block">
        <input type="checkbox" checked={authority !== undefined} onChange={(e) => onChange(e.target.checked ? NO_AUTHORITY : undefined)} />
        Its own classification authority, not its packet’s
      </label>
      {authority !== undefined && <AuthorityFields authority={authority} classified={classified} onChange={onChange} error={error} />}
    </div>
  );
}
