'use client';
// Switches the dashboard language: the `locale` cookie (a year), then a server re-render.
import { useRouter } from 'next/navigation';
import type { Locale } from '@/lib/i18n/dictionaries';

export function LocaleSwitch({ to, label, title }: { to: Locale; label: string; title: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      lang={to === 'zh' ? 'zh-CN' : 'en'}
      title={title}
      aria-label={title}
      onClick={() => {
        // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and older Safari
        document.cookie = `locale=${to}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
      className="text-muted hover:bg-sunken hover:text-ink focus-visible:outline-accent rounded-md px-2 py-1 text-sm focus-visible:outline-2"
    >
      {label}
    </button>
  );
}
