// /docs/api: the API reference rendered by Swagger UI, self-hosted from the swagger-ui-dist npm
// package (no CDN: the page works offline and on closed networks). The page and its start-up
// script are ours; the renderer's files are served from node_modules as they ship.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const DIST = path.join(process.cwd(), 'node_modules', 'swagger-ui-dist');
// The dashboard's self-hosted CJK font, so 短剧 and the Chinese examples never render as boxes.
const FONT = path.join(process.cwd(), 'node_modules', '@fontsource', 'noto-sans-sc');
const FONT_FILE = /^noto-sans-sc-[a-z0-9-]+\.woff2?$/;

/** Noto Sans SC's @font-face rules (regular and bold), pointing at /docs/api/font/…. */
async function fontCss(): Promise<string> {
  const css = await Promise.all(['400.css', '700.css'].map((f) => readFile(path.join(FONT, f), 'utf8')));
  return css.join('\n').replaceAll('url(./files/', 'url(/docs/api/font/');
}

/** One font file of the reference page, or null for any other name. */
export async function referenceFont(name: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!FONT_FILE.test(name)) return null;
  return new Uint8Array(await readFile(path.join(FONT, 'files', name)));
}

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
`;

/** Files /docs/api/{name} serves, with their type; nothing else under that path exists. */
const ASSETS: Record<string, { type: string; file?: string; text?: string }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', file: 'swagger-ui.css' },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', file: 'swagger-ui-bundle.js' },
  'favicon-32x32.png': { type: 'image/png', file: 'favicon-32x32.png' },
  'init.js': { type: 'text/javascript; charset=utf-8', text: INIT_JS },
  'noto-sans-sc.css': { type: 'text/css; charset=utf-8' },
};

export async function referenceAsset(
  name: string,
): Promise<{ body: Uint8Array<ArrayBuffer> | string; type: string } | null> {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  if (asset.text !== undefined) return { body: asset.text, type: asset.type };
  if (name === 'noto-sans-sc.css') return { body: await fontCss(), type: asset.type };
  return { body: new Uint8Array(await readFile(path.join(DIST, asset.file ?? name))), type: asset.type };
}

export function referenceHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shortplay API reference</title>
<link rel="icon" type="image/png" href="/docs/api/favicon-32x32.png">
<link rel="stylesheet" href="/docs/api/swagger-ui.css">
<link rel="stylesheet" href="/docs/api/noto-sans-sc.css">
<style>body{margin:0} .swagger-ui .topbar{display:none} .back{font:14px system-ui,sans-serif;padding:12px 20px;display:block;color:#3b4151}
.swagger-ui,.swagger-ui [class]{font-family:sans-serif,'Noto Sans SC'} .swagger-ui pre,.swagger-ui code,.swagger-ui pre *,.swagger-ui code *{font-family:monospace,'Noto Sans SC'}</style>
</head>
<body>
<a class="back" href="/">← Shortplay</a>
<div id="swagger-ui"></div>
<script src="/docs/api/swagger-ui-bundle.js"></script>
<script src="/docs/api/init.js"></script>
</body>
</html>
`;
}
