'use client';
// A button that asks before acting: the question and Yes / Back appear in place (keyboard
// reachable, focus moves to "Yes"), no browser dialog.
import { useEffect, useId, useRef, useState } from 'react';
import { btnPrimary, btnSecondary } from './styles';

export function ConfirmButton({
  label,
  question,
  yes,
  no,
  onConfirm,
  className,
  disabled,
}: {
  label: string;
  question: string;
  yes: string;
  no: string;
  onConfirm: () => void | Promise<void>;
  className: string;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const yesRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline question with two buttons, not a form fieldset
    <div role="group" aria-labelledby={id} className="bg-sunken flex flex-wrap items-center gap-2 rounded-md px-3 py-2">
      <span id={id} className="text-ink text-sm">
        {question}
      </span>
      <button
        ref={yesRef}
        type="button"
        className={btnPrimary}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {yes}
      </button>
      <button type="button" className={btnSecondary} onClick={() => setAsking(false)}>
        {no}
      </button>
    </div>
  );
}
