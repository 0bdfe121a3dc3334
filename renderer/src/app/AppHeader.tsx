import { bannerText, type Marking } from '../../../shared/marking/marking.js';
import { ClassificationBanner } from '../features/marking/ClassificationBanner.js';
import { markingColours } from '../features/marking/marking-colours.js';
import { DisclosureMenu } from '../ui/DisclosureMenu.js';
import type { AppDialogId } from './app-dialogs.js';
import { signedInName, type SessionState } from './profile-session.js';
import type { Page } from './routes.js';
import { NotificationList } from './NotificationList.js';
import { useServices } from './services.js';
import { useHoldWhileAttended, type Notifications } from './use-notifications.js';
import './app.css';

interface AppHeaderProps {
  readonly sessionState: SessionState;
  readonly systemHigh: Marking;
  readonly page: Page;
  /** How many packets are marked above the system high. */
  readonly aboveCeiling: number;
  readonly notifications: Notifications;
  readonly onOpenDialog: (dialog: AppDialogId) => void;
  readonly onOpenCompare: () => void;
  readonly onOpenHistory: () => void;
}

/** The top banner, the app's title bar with its pages and menus, and the app's messages. */
export function AppHeader({ sessionState, systemHigh, page, aboveCeiling, notifications, onOpenDialog, onOpenCompare, onOpenHistory }: AppHeaderProps) {
  const message = notifications.current?.text;
  const holdWhileAttended = useHoldWhileAttended(notifications.hold);
  const { appInfo } = useServices();
  const colours = markingColours(systemHigh);
  return (
    <header className="app-top">
      <ClassificationBanner position="top" />
      <div className="app-header">
        <span className="app-header__title">Frontier Review</span>
        <span className="app-header__meta">
          <span className="system-high" title="The highest marking this workstation may hold">
            System high <span className="system-high__chip" style={{ borderColor: colours.background }}>{bannerText(systemHigh)}</span>
          </span>
          {sessionState.kind === 'setup' && <span title="Recorded as the actor of every change">{appInfo.userName}</span>}
          {appInfo.shell === 'browser' && <span className="badge">browser</span>}
        </span>
        {sessionState.kind !== 'locked' && (
          <>
            <button type="button" onClick={() => onOpenDialog('profiles')} title="Recorded as the actor of every change">
              {sessionState.kind === 'unlocked' ? signedInName(sessionState, appInfo.userName) : 'Profiles'}
            </button>
            <button type="button" onClick={() => onOpenCompare()} aria-pressed={page.kind === 'compare'} title="Compare benchmark runs (Alt+C)">
              Compare runs
            </button>
            <NotificationList notices={notifications.list} />
            <button type="button" onClick={() => onOpenHistory()} aria-pressed={page.kind === 'history'} title="Who changed what, when, and whether the history is intact (Alt+H)">
              History
            </button>
            <DisclosureMenu
              label="Bundles"
              items={[
                { label: 'Export bundle…', onSelect: () => onOpenDialog('export-bundle') },
                { label: 'Import bundle…', onSelect: () => onOpenDialog('import-bundle') },
              ]}
            />
            <DisclosureMenu
              label="Workstation"
              items={[
                { label: 'Thresholds', onSelect: () => onOpenDialog('thresholds') },
                { label: 'Trusted signers', onSelect: () => onOpenDialog('trust') },
                { label: 'History integrity', onSelect: () => onOpenHistory() },
                { label: 'Workstation settings', onSelect: () => onOpenDialog('settings') },
                { label: 'Shortcuts', onSelect: () => onOpenDialog('shortcuts') },
              ]}
            />
          </>
        )}
      </div>
      {message && (
        <div className="app-message" role="status" ref={holdWhileAttended}>
          {message}
          <button type="button" className="button--icon" aria-label="Dismiss message" onClick={notifications.dismiss}>
            ×
          </button>
        </div>
      )}
      {sessionState.kind === 'setup' && (
        <div className="app-message app-message--lead">
          No profile on this workstation yet: changes are recorded under {appInfo.userName}. The first profile is a team lead&apos;s, who adds the others.
          <button type="button" className="button--primary" onClick={() => onOpenDialog('profiles')}>
            Create the first profile (team lead)
          </button>
        </div>
      )}
      {aboveCeiling > 0 && (
        <div className="app-message app-message--danger" role="alert">
          {aboveCeiling} {aboveCeiling === 1 ? 'packet is' : 'packets are'} marked above this workstation&apos;s system high ({bannerText(systemHigh)}). Check the
          workstation settings with your administrator.
        </div>
      )}
    </header>
  );
}
