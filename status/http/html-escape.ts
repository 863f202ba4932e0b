/** Text into HTML (element content or a quoted attribute): every user-visible string on the pages goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => `&#${char.charCodeAt(0)};`);
}
