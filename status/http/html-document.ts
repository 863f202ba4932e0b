import { escapeHtml } from './html-escape.ts';

/**
 * The shell every status page shares: language, charset, viewport, one inline stylesheet, and
 * auto-refresh only when the reader turned it on (WCAG 2.2.1: a page must not reload under
 * someone reading it with a screen reader or magnifier unless they asked for it).
 */
export function htmlDocument(page: { title: string; refreshSeconds: number | undefined; style: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${page.refreshSeconds === undefined ? '' : `<meta http-equiv="refresh" content="${page.refreshSeconds}">\n`}<title>${escapeHtml(page.title)}</title>
<style>
${page.style}
</style>
</head>
<body>
${page.body}
</body>
</html>
`;
}

/** The link that turns auto-refresh on or off (`?refresh=on`), saying which it is now. */
export function refreshToggle(path: string, refreshSeconds: number, on: boolean): string {
  return on
    ? `auto-refresh every ${refreshSeconds} s is on (<a href="${escapeHtml(path)}">turn it off</a>)`
    : `<a href="${escapeHtml(path)}?refresh=on">turn on auto-refresh every ${refreshSeconds} s</a>`;
}
