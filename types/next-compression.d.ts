// Next.js's own copy of the `compression` middleware (next/dist/server/lib/router-server.js runs
// it on every request): lib/http/raw-answer.ts answers outside Next.js the way Next.js would.
declare module 'next/dist/compiled/compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function compression(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
