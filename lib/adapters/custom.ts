import { MatchPattern } from '@webext-core/match-patterns';
import type { SiteAdapter } from './types';
import type { TaskContext, ThreadMessage } from './context';
import type { CustomAdapterSpec } from './custom-spec';
import { customAdapterId } from './custom-spec';
import { editorFor } from '../editors/detect';
import { findEmail, isVisible, recordIdFromUrl, textOf } from './dom';
import { watchButtonAndShortcut } from './submit-watchers';
import { findSendButton } from './generic';

const MAX_THREAD = 20;

/** A site adapter from a team's selectors; anything it cannot find reads as absent. */
export function customAdapter(spec: CustomAdapterSpec): SiteAdapter {
  const patterns = compilePatterns(spec.matches);
  const s = spec.selectors;
  return {
    id: customAdapterId(spec),
    matches: spec.matches,
    appliesTo: (url) => patterns.some((p) => p.includes(url)),
    editor: (doc) => editorFor(queryAll(doc, s.editor).find(isVisible) ?? null),
    workflow: () => spec.workflow,
    context: (doc) => readCustomContext(doc, spec),
    submit: (doc, editor, onSubmit) =>
      watchButtonAndShortcut(doc, editor, () => (s.send ? queryAll(doc, s.send).find(isVisible) ?? null : findSendButton(editor.element)), onSubmit),
  };
}

export function readCustomContext(doc: Document, spec: CustomAdapterSpec): TaskContext {
  const s = spec.selectors;
  const requesterEl = s.requester ? queryAll(doc, s.requester)[0] : undefined;
  const requesterName = textOf(requesterEl, 200);
  const email = findEmail(requesterEl ?? null);
  return {
    recordId: recordIdFromUrl(new URL(doc.location.href)),
    subject: (s.subject && textOf(queryAll(doc, s.subject)[0], 1000)) || null,
    requester: requesterName || email ? { name: requesterName || undefined, email } : null,
    thread: s.message ? readThread(doc, s.message) : [],
    fields: {},
  };
}

/** Every message the selector matches, latest first; roles are unknown to a custom adapter. */
function readThread(doc: Document, selector: string): ThreadMessage[] {
  return queryAll(doc, selector)
    .slice(-MAX_THREAD)
    .reverse()
    .map((el): ThreadMessage => ({ role: 'unknown', text: textOf(el, 20000) }))
    .filter((m) => m.text);
}

/** querySelectorAll that treats a selector the browser rejects as matching nothing. */
export function queryAll(root: ParentNode, selector: string): HTMLElement[] {
  try {
    return [...root.querySelectorAll<HTMLElement>(selector)].filter((el) => !el.closest('axtrace-panel, axtrace-teach'));
  } catch {
    return [];
  }
}

function compilePatterns(matches: string[]): MatchPattern[] {
  return matches.flatMap((m) => {
    try {
      return [new MatchPattern(m)];
    } catch {
      return [];
    }
  });
}
