import { z } from 'zod';
import { Workflow } from '../log/schema';

/** One reply template (a macro or snippet) of the team's playbook. */
export const PlaybookTemplate = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'ids are lower-case letters, digits and dashes'),
  title: z.string().min(1).max(120),
  domain: z.enum(['support', 'sales']),
  /** Workflows the template suits; empty means any. */
  workflows: z.array(Workflow).default([]),
  /** Words a customer would use when this template is the right answer. */
  keywords: z.string().max(1000).default(''),
  body: z.string().min(1).max(5000),
  /** Bumped on every edit, so a suggestion names the exact version it came from. */
  version: z.number().int().positive().default(1),
});
export type PlaybookTemplate = z.infer<typeof PlaybookTemplate>;

export const Playbook = z
  .array(PlaybookTemplate)
  .max(2000)
  .superRefine((templates, ctx) => {
    const seen = new Set<string>();
    templates.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate template id "${t.id}"` });
      seen.add(t.id);
    });
  });
export type Playbook = z.infer<typeof Playbook>;
