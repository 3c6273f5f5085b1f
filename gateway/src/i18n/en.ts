import type { vi } from './vi.js';

export const en: Record<keyof typeof vi, string> = {
  'smtp.greeting': 'Lá Chắn ready',
  'smtp.relay-denied': 'Relay not permitted for this recipient',
  'smtp.too-big': 'Message exceeds the size limit',
  'smtp.too-many-recipients': 'Too many recipients',
  'smtp.accepted': 'Accepted',
  'smtp.quarantined': 'Accepted, held in quarantine for review',
  'smtp.rejected': 'Message refused by security policy',
  'smtp.tempfail': 'Temporarily unable to process, please retry later',
};
