// Plain constants shared with the content script, which must not pull zod in (size budget).
export const WORKFLOWS = ['ticket-reply', 'internal-note', 'crm-email', 'crm-note', 'summary', 'reply', 'note', 'email'] as const;
export type Workflow = (typeof WORKFLOWS)[number];
export const DISMISS_REASONS = ['wrong', 'incomplete', 'tone', 'too_long', 'not_needed', 'slow', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];
