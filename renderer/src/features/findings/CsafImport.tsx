import { documentMarkings } from '../../../../shared/export/file-marking.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useServices } from '../../app/services.js';
import { ImportDocumentDialog } from '../documents/ImportDocumentDialog.js';
import { outcomeCount, type CsafImportOutcome } from './CsafImportNotes.js';

/**
 * Imports a CSAF advisory into a packet's findings: the file, the marking of the findings it brings,
 * and once it is in, what it brought and what did not come across.
 */
export function CsafImport({ packet, onClose, onImported }: { readonly packet: Packet; readonly onClose: () => void; readonly onImported: (message: string, outcome: CsafImportOutcome) => void }) {
  const { findings: store } = useServices();
  return (
    <ImportDocumentDialog
      title={`Import a CSAF advisory into ${packet.developer} ${packet.modelName}`}
      fileLabel="Advisory file"
      kind="CSAF 2.0, JSON"
      markingLegend="Marking of the findings it brings"
      markingsOf={(bytes) => documentMarkings('csaf', bytes)}
      initialMarking={packet.marking}
      onClose={onClose}
      onImport={async (fileName, bytes, marking) => {
        const result = await store.importCsaf(packet.id, fileName, bytes, marking);
        if (!result.ok) return result.error.message;
        const { trackingId, created, merged } = result.value;
        const notes = outcomeCount(result.value);
        onImported(
          `Imported ${trackingId}: ${created} new finding${created === 1 ? '' : 's'}, ${merged} merged into findings of the same issue${notes > 0 ? `; ${notes.toLocaleString('en-US')} note${notes === 1 ? '' : 's'} below` : ''}.`,
          result.value,
        );
        return undefined;
      }}
    />
  );
}
