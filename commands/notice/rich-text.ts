// The notice body is rich text written in the console's editor: HTML from a browser, untrusted. It is
// cleaned here, on the server, before any event is built, with sanitize-html (an allow-list parser
// on htmlparser2, maintained by Apostrophe, no DOM needed): only the tags and attributes a notice
// needs survive, links only to http(s) and mailto, every link opens in a new tab without an opener.
// No script, style, event handler, iframe, form or image (images would fetch from anywhere: the
// attachments carry pictures). The console still renders the result in a sandboxed frame.
import sanitizeHtml from 'sanitize-html';

/** Longest body accepted from the editor before cleaning (the clean body is bounded by the domain). */
export const RAW_BODY_MAX = 200_000;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'div', 'span', 'strong', 'b', 'em', 'i', 'u', 's', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'hr', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Dropped with their content, not just their tags: a script's text must not appear as prose.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }) },
};

/** The clean HTML and its visible text (an empty notice is refused by the domain). */
export function sanitizeNoticeBody(html: string): { html: string; text: string } {
  const clean = sanitizeHtml(html, OPTIONS).trim();
  const text = sanitizeHtml(clean, { allowedTags: [], allowedAttributes: {} }).replace(/&nbsp;/g, ' ').trim();
  return { html: clean, text };
}
