import { useState } from 'react';
import { DISMISS_REASONS, type DismissReason } from '@/lib/log/constants';
import { trusted } from './trusted';

const LABELS: Record<DismissReason, string> = {
  wrong: 'Wrong',
  incomplete: 'Incomplete',
  tone: 'Tone',
  too_long: 'Too long',
  not_needed: 'Not needed',
  slow: 'Too slow',
  other: 'Other…',
};

interface Props {
  onDismiss: (reason: DismissReason, note?: string) => void;
  onCancel: () => void;
}

/** Reason chips: one click dismisses, "Other" asks for a short note first. */
export function DismissReasons({ onDismiss, onCancel }: Props) {
  const [other, setOther] = useState(false);
  const [note, setNote] = useState('');
  return (
    <div className="ax-dismiss" role="group" aria-label="Why are you dismissing this suggestion?">
      <p className="ax-dismiss-title">Why doesn't it fit?</p>
      <div className="ax-chips">
        {DISMISS_REASONS.map((reason) => (
          <button
            key={reason}
            type="button"
            className="ax-chip"
            aria-pressed={reason === 'other' && other}
            onClick={trusted(() => (reason === 'other' ? setOther(true) : onDismiss(reason)))}
          >
            {LABELS[reason]}
          </button>
        ))}
      </div>
      {other && (
        <form
          className="ax-other"
          onSubmit={(e) => {
            e.preventDefault();
            if (e.nativeEvent.isTrusted) onDismiss('other', note.trim() || undefined);
          }}
        >
          <label className="ax-label" htmlFor="ax-other-note">
            What was wrong?
          </label>
          <input id="ax-other-note" className="ax-input" value={note} maxLength={500} autoFocus onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="ax-btn ax-btn-primary">
            Dismiss
          </button>
        </form>
      )}
      <button type="button" className="ax-link" onClick={trusted(onCancel)}>
        Keep the suggestion
      </button>
    </div>
  );
}
