'use client';
import { signOut } from 'next-auth/react';

export function SignOutButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/signin' })}
      className="text-muted hover:bg-sunken hover:text-ink focus-visible:outline-accent rounded-md px-2 py-1 text-sm focus-visible:outline-2"
    >
      {label}
    </button>
  );
}
