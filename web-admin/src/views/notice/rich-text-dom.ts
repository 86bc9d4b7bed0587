// The browser side of the notice editor and viewer (kept in TypeScript, where the DOM is typed).

export type EditorElement = HTMLDivElement;
export type FrameElement = HTMLIFrameElement;

// The server's allow-list (commands/notice/rich-text.ts), applied again when a draft is loaded back.
const TAGS = new Set(['P', 'BR', 'DIV', 'SPAN', 'STRONG', 'B', 'EM', 'I', 'U', 'S', 'H2', 'H3', 'H4', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'HR', 'A', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD']);
const ATTRIBUTES: Record<string, readonly string[]> = { A: ['href'], TD: ['colspan', 'rowspan'], TH: ['colspan', 'rowspan'] };

function copyAllowed(from: Node, into: Node) {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) into.appendChild(document.createTextNode(child.textContent ?? ''));
    else if (child instanceof Element && TAGS.has(child.tagName)) {
      const copy = document.createElement(child.tagName.toLowerCase());
      for (const name of ATTRIBUTES[child.tagName] ?? []) {
        const value = child.getAttribute(name);
        if (value !== null && (name !== 'href' || /^(https?:|mailto:)/i.test(value))) copy.setAttribute(name, value);
      }
      copyAllowed(child, copy);
      into.appendChild(copy);
    } else if (child instanceof Element) copyAllowed(child, into);
  }
}

/**
 * Puts a (server-cleaned) body into the editor without innerHTML: parsed into an inert document
 * (DOMParser runs no script and loads nothing) and copied node by node through the allow-list.
 */
export function loadBody(editor: EditorElement, html: string): void {
  copyAllowed(new DOMParser().parseFromString(html, 'text/html').body, editor);
}

/** One of the browser's editing commands on the focused editor. */
export function format(editor: EditorElement, command: string, value?: string): void {
  editor.focus();
  document.execCommand(command, false, value);
}

/** Asks for a link address; only http(s) is offered (the server drops anything else). */
export function askLink(): string | undefined {
  const href = window.prompt('链接地址（http:// 或 https:// 开头）', 'https://');
  return href && /^https?:\/\//i.test(href) ? href : undefined;
}

/** The height the frame's content needs (readable because the frame is same-origin, never scripted). */
export function contentHeight(frame: FrameElement | undefined): number | undefined {
  const root = frame?.contentDocument?.documentElement;
  return root ? root.scrollHeight : undefined;
}
