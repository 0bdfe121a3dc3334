import { useMemo, useState, type KeyboardEvent } from 'react';
import { COMMENT_MAX_CHARS, type Comment } from '../../../../shared/comments/comment.js';
import { ROLE_LABELS } from '../../../../shared/identity/profile.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useComments, useFindings } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { submitWith } from '../../ui/form-submit.js';
import { formatDateTime } from '../../ui/format.js';
import { DeleteLink } from '../../ui/LinkButton.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { useMarkingChoice } from '../marking/use-marking-choice.js';
import { PortionMark } from '../marking/PortionMark.js';
import './comments.css';

/**
 * A packet's discussion: comments on the packet or on one of its findings, oldest first, each
 * with its author, role, time and marking. Comments are not edited; a correction is another
 * comment. The author or a team lead may delete one; the history keeps what it said.
 */
export function DiscussionPanel({ packet }: { readonly packet: Packet }) {
  const { comments: store, findings: findingStore, session } = useServices();
  const state = useSession(session);
  const comments = useComments(store, packet.id);
  const findings = useFindings(findingStore, packet.id);
  const [body, setBody] = useState('');
  const [about, setAbout] = useState<string>('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<Comment | undefined>();
  const marking = useMarkingChoice(packet.marking);
  // Finding titles are on screen too, in the thread and the form.
  useDisplayedMarkings(useMemo(() => [...(comments ?? []), ...(findings ?? [])].map((r) => r.marking), [comments, findings]));

  const me = state.kind === 'unlocked' ? state.unlocked.profile : undefined;
  // As the data layer decides: auditors never, reviewers only on packets assigned to them.
  const assigned = me?.role !== 'reviewer' || packet.assignees.includes(me.principal);
  const canWrite = me?.role !== 'auditor' && state.kind !== 'locked' && assigned;
  const canDelete = (c: Comment) => canWrite && (me?.role === 'team-lead' || c.authorPrincipal === (me?.principal ?? null));
  const findingTitle = useMemo(() => new Map((findings ?? []).map((f) => [f.id, f.title])), [findings]);

  async function add() {
    if (busy) return;
    setBusy(true);
    const sent = body;
    const result = await store.add(packet.id, { body: sent, findingId: about === '' ? null : about, marking: marking.marking });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(undefined);
    // Only what was sent is cleared: words typed while it was being added stay in the box.
    setBody((current) => (current === sent ? '' : current));
  }

  function submitOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void add();
  }

  async function confirmDelete() {
    if (!deleting) return;
    const result = await store.delete(deleting.id);
    setDeleting(undefined);
    setProblem(result.ok ? undefined : result.error.message);
  }

  return (
    <div className="discussion">
      {comments === undefined ? (
        <p className="loading">Loading…</p>
      ) : comments.length === 0 ? (
        <p className="empty">No comments yet. Comments record the discussion behind a determination; each is kept in the history.</p>
      ) : (
        <ol className="discussion__thread" aria-label="Comments, oldest first">
          {comments.map((c) => (
            <li key={c.id} className="discussion__comment">
              <div className="discussion__meta">
                <PortionMark marking={c.marking} />
                <strong>{c.author}</strong>
                {c.authorRole && <span className="discussion__role">{ROLE_LABELS[c.authorRole]}</span>}
                <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
                {c.findingId !== null && <span className="discussion__about">{`on finding “${findingTitle.get(c.findingId) ?? 'deleted finding'}”`}</span>}
                {canDelete(c) && <DeleteLink what={`comment by ${c.author} at ${formatDateTime(c.createdAt)}: ${excerpt(c.body)}`} onClick={() => setDeleting(c)} />}
              </div>
              <p className="discussion__body">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <form className="discussion__form" onSubmit={submitWith(add)} aria-label="Add a comment">
          <FormAlert problem={problem} />
          <Field label="Comment" hint={`Ctrl+Enter adds it. At most ${COMMENT_MAX_CHARS.toLocaleString('en-US')} characters.`}>
            {(props) => <textarea {...props} rows={3} value={body} maxLength={COMMENT_MAX_CHARS} onChange={(e) => setBody(e.target.value)} onKeyDown={submitOnCtrlEnter} />}
          </Field>
          <Field label="About">
            {(props) => (
              <select {...props} value={about} onChange={(e) => setAbout(e.target.value)}>
                <option value="">The packet as a whole</option>
                {(findings ?? []).map((f) => (
                  <option key={f.id} value={f.id}>{`Finding: ${f.title}`}</option>
                ))}
              </select>
            )}
          </Field>
          {marking.fields('Marking of this comment', busy)}
          <div className="discussion__actions">
            <button type="submit" className="button--primary" disabled={busy || body.trim() === '' || marking.issues.length > 0}>
              Add comment
            </button>
          </div>
        </form>
      ) : (
        <p className="editor__notice">
          {me?.role === 'auditor' ? 'Auditors read the discussion but do not add to it.' : !assigned ? 'Reviewers comment on the packets they are assigned to; a team lead assigns reviewers in the packet’s details.' : 'Unlock your profile to comment.'}
        </p>
      )}
      {deleting && (
        <ConfirmDialog title="Delete this comment?" confirmLabel="Delete comment" destructive onConfirm={() => void confirmDelete()} onCancel={() => setDeleting(undefined)}>
          <p>{`“${excerpt(deleting.body)}”, by ${deleting.author} at ${formatDateTime(deleting.createdAt)}, leaves the discussion. The review history keeps what it said, and who deleted it.`}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function excerpt(body: string): string {
  return body.length > 60 ? `${body.slice(0, 60)}…` : body;
}
