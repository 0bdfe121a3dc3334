/**
 * Every screen and dialog of the app, by the component that draws it, and the end-to-end walk that
 * opens it under the marking guard (screens.e2e.ts). A unit test (test/unit/screens.test.ts) finds
 * every such component in the renderer's source and fails until a new one is listed here; each walk
 * fails until it has opened every screen listed for it.
 */
export const SCREEN_WALKS = {
  'a packet and its tabs': ['PacketList', 'PacketEditor', 'ResultsPanel', 'DeterminationView', 'ImportResultsDialog', 'ReattributeRunDialog', 'DeleteRunDialog', 'TranscriptDialog', 'TranscriptView', 'FindingsPanel', 'FindingDialog', 'ExportCsafDialog', 'ImportDocumentDialog', 'PlansPanel', 'PlanEditorDialog', 'DiscussionPanel', 'ReportPanel', 'ThresholdsDialog'],
  'the workstation, bundles and the history': ['ProfilesDialog', 'TrustStoreDialog', 'WorkstationSettingsDialog', 'ShortcutsDialog', 'AssignDialog', 'ExportBundleDialog', 'ImportBundleDialog', 'HistoryPage', 'IntegrityPanel', 'ForgetHistory', 'LockScreen', 'NotificationList'],
  comparisons: ['ComparePage', 'RunPickerDialog', 'ComparisonView', 'SampleSideBySide'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type ScreenWalk = keyof typeof SCREEN_WALKS;
