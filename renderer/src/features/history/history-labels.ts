import type { AuditAction, AuditedEntity } from '../../../../shared/audit/audit-event.js';

export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  create: 'Created',
  update: 'Edited',
  'status-change': 'Status changed',
  delete: 'Deleted',
  export: 'Exported',
  import: 'Imported',
  print: 'Printed',
};

export const ENTITY_LABELS: Readonly<Record<AuditedEntity, string>> = {
  packet: 'packet',
  model: 'model',
  'benchmark-run': 'benchmark run',
  threshold: 'threshold',
  finding: 'finding',
  'remediation-plan': 'remediation plan',
  comparison: 'comparison',
  'workstation-settings': 'workstation settings',
  profile: 'profile',
  'trusted-signer': 'trusted signer',
  bundle: 'bundle',
  attachment: 'original log',
  comment: 'comment',
  'history-checkpoint': "another workstation's checkpoint",
  'file-export': 'file or printout',
  'review-report': 'review report',
};
