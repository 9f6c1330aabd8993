'use client';
// While the list shows waiting or running tasks, re-render it from the server every 1.5 s (only
// while the tab is visible). Rows keep their height, so nothing moves when values change.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function LiveRefresh({ everyMs = 1500 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
