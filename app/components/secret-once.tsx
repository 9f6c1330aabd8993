'use client';
// A secret shown once (an API token, a webhook signing secret), with a copy button.
import { CopyButton } from './copy-button';

export function SecretOnce(props: { intro: string; secret: string; testId: string; copy: string; copied: string }) {
  return (
    <div role="status" className="border-line bg-sunken rounded-md border p-3 text-sm">
      <p className="text-ink">{props.intro}</p>
      <div className="mt-2 flex items-center gap-2">
        <code className="min-w-0 flex-1 font-mono text-xs break-all" data-testid={props.testId}>
          {props.secret}
        </code>
        <CopyButton text={props.secret} label={props.copy} copiedLabel={props.copied} />
      </div>
    </div>
  );
}
