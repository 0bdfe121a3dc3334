import type { RefObject } from 'react';
import './packets.css';

interface PacketEditorPlaceholderProps {
  /** 'opening' while the packet and any draft load; 'missing' when the packet is gone. */
  readonly state: 'opening' | 'missing';
  readonly titleId: string;
  /** The editor's section, where Escape closes it. */
  readonly sectionRef: RefObject<HTMLElement | null>;
  readonly onClose: () => void;
}

/** The editor before its form: while the packet opens, or when it no longer exists. */
export function PacketEditorPlaceholder({ state, titleId, sectionRef, onClose }: PacketEditorPlaceholderProps) {
  if (state === 'opening') {
    // Fields appear only once any draft is restored, so nothing typed can be overwritten by it.
    return (
      <section className="editor" aria-labelledby={titleId} aria-busy="true" ref={sectionRef}>
        <header className="editor__header">
          <h2 id={titleId}>Opening…</h2>
        </header>
      </section>
    );
  }
  return (
    <section className="editor" aria-labelledby={titleId} ref={sectionRef}>
      <header className="editor__header">
        <h2 id={titleId}>Packet not found</h2>
      </header>
      <p className="editor__notice">This packet no longer exists; it may have been deleted in another window.</p>
      <div className="editor__actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
