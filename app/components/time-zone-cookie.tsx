'use client';
// Tells the server the browser's time zone (the `tz` cookie), so server-rendered times match the
// reader's clock; re-renders once when it was missing or wrong.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function TimeZoneCookie({ current }: { current: string }) {
  const router = useRouter();
  useEffect(() => {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!tz || tz === current) return;
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and older Safari
    document.cookie = `tz=${tz}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [current, router]);
  return null;
}
