import { Modal } from '../ui/Modal.js';
import './app.css';

const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Alt+N', 'New packet'],
  ['/', 'Filter the packet list'],
  ['↑ ↓  Page Up  Page Down  Home  End', 'Move through the packet list'],
  ['Enter', 'Open the selected packet'],
  ['Ctrl+S', 'Save the packet being edited'],
  ['Alt+C', 'Compare runs'],
  ['1  2  3', 'In a comparison: summary, chart, samples'],
  ['D  E', 'In a comparison: only the samples where runs disagree, or that failed'],
  ['/', 'In a comparison: search the samples'],
  ['↑ ↓  j k  Home  End', 'In a comparison: move through the samples; the selected one shows side by side'],
  ['Esc', 'Close the editor or a dialog'],
  ['?', 'Show these shortcuts'],
];

export function ShortcutsDialog({ onClose }: { readonly onClose: () => void }) {
  return (
    <Modal
      title="Keyboard shortcuts"
      onClose={onClose}
      actions={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
