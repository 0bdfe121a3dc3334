import { Modal } from '../ui/Modal.js';

const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Alt+N', 'New packet'],
  ['/', 'Filter the packet list'],
  ['↑ ↓  Page Up  Page Down  Home  End', 'Move through the packet list'],
  ['Enter', 'Open the selected packet'],
  ['Ctrl+S', 'Save the packet being edited'],
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
