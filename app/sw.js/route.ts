import { SERVICE_WORKER_SOURCE } from '@/lib/notify/service-worker';

// GET /sw.js — the service worker for browser push notifications (scope /)
export function GET() {
  return new Response(SERVICE_WORKER_SOURCE, {
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
  });
}
