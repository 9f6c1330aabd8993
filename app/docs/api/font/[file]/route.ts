import { notFound } from '@/lib/errors';
import { handle } from '@/lib/http/map-error';
import { referenceFont } from '@/lib/openapi/reference';

// GET /docs/api/font/{file} — the CJK font files of the API reference page (from @fontsource)
export const GET = handle(async (_request: Request, ctx: { params: Promise<{ file: string }> }) => {
  const name = (await ctx.params).file;
  const font = await referenceFont(name);
  if (!font) throw notFound('File');
  return new Response(font, {
    headers: {
      'content-type': name.endsWith('.woff2') ? 'font/woff2' : 'font/woff',
      'cache-control': 'public, max-age=31536000, immutable',
    },
  });
});
