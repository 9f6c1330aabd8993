import { notFound } from '@/lib/errors';
import { handle } from '@/lib/http/map-error';
import { referenceAsset } from '@/lib/openapi/reference';

// GET /docs/api/{asset} — the reference page's renderer files, from the swagger-ui-dist package
export const GET = handle(async (_request: Request, ctx: { params: Promise<{ asset: string }> }) => {
  const asset = await referenceAsset((await ctx.params).asset);
  if (!asset) throw notFound('File');
  return new Response(asset.body, {
    headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' },
  });
});
