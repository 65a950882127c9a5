import { z } from 'zod';
import { MatchPattern } from '@webext-core/match-patterns';
import { Workflow } from '../log/schema';
import type { CustomAdapterSpec } from '../adapters/custom-spec';

/** A CSS selector that the browser accepts. Checked where a DOM exists; elsewhere only its size. */
const Selector = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(500, 'is longer than 500 characters')
  .refine(isValidSelector, 'is not a valid CSS selector');

const Pattern = z
  .string()
  .trim()
  .max(500)
  .superRefine((pattern, ctx) => {
    const error = matchPatternError(pattern);
    if (error) ctx.addIssue({ code: 'custom', message: `"${pattern}" is not a match pattern (${error})` });
  });

export const CustomAdapterSpecSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes (at most 40)'),
  name: z.string().trim().min(1, 'is empty').max(100),
  matches: z.array(Pattern).min(1, 'needs at least one page pattern').max(20),
  workflow: Workflow.default('reply'),
  selectors: z.object({
    editor: Selector,
    send: Selector.optional(),
    subject: Selector.optional(),
    requester: Selector.optional(),
    message: Selector.optional(),
  }),
  updatedAt: z.number().int().nonnegative().default(0),
}) satisfies z.ZodType<CustomAdapterSpec, unknown>;

/** The file a pilot manager hands to the team: versioned, so later formats can be told apart. */
export const CustomAdapterFile = z.object({
  format: z.literal('axtrace.custom-adapters'),
  version: z.literal(1),
  adapters: z.array(CustomAdapterSpecSchema).min(1, 'holds no adapters').max(50),
});
export type CustomAdapterFile = z.infer<typeof CustomAdapterFile>;

export function exportCustomAdapters(adapters: CustomAdapterSpec[]): string {
  const file: CustomAdapterFile = { format: 'axtrace.custom-adapters', version: 1, adapters };
  return JSON.stringify(file, null, 2) + '\n';
}

export type ImportResult = { ok: true; adapters: CustomAdapterSpec[] } | { ok: false; error: string };

/** Parses an exported file; on any problem says what and where, and returns nothing to apply. */
export function parseCustomAdapterFile(text: string, fileName = 'the file'): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${fileName} is not JSON (${(error as Error).message}).` };
  }
  const parsed = CustomAdapterFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'the top level';
    return { ok: false, error: `${fileName}: ${where} ${issue.message}.` };
  }
  const ids = parsed.data.adapters.map((a) => a.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) return { ok: false, error: `${fileName}: the adapter id "${duplicate}" appears twice.` };
  return { ok: true, adapters: parsed.data.adapters };
}

/** Imported adapters replace those with the same id and keep the others. */
export function mergeCustomAdapters(current: CustomAdapterSpec[], incoming: CustomAdapterSpec[]): CustomAdapterSpec[] {
  const byId = new Map(current.map((a) => [a.id, a]));
  for (const adapter of incoming) byId.set(adapter.id, adapter);
  return [...byId.values()];
}

function matchPatternError(pattern: string): string | null {
  try {
    new MatchPattern(pattern);
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^.*?: /, '');
  }
}

function isValidSelector(selector: string): boolean {
  if (typeof document === 'undefined') return true;
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}
