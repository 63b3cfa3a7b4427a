// The plan rendered for the page: Markdown read by the parser baton reads plans with
// (core/plan/markdown-tree.ts), written out as HTML with every piece of text escaped. Raw HTML
// in a plan is shown as text, never as markup: a plan is written by a model.
import type { Nodes } from 'mdast';
import { parseMarkdownTree } from '../../core/plan/markdown-tree.ts';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function children(node: { children: readonly Nodes[] }): string {
  return node.children.map(render).join('');
}

function render(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return children(node);
    case 'heading':
      return `<h${node.depth}>${children(node)}</h${node.depth}>`;
    case 'paragraph':
      return `<p>${children(node)}</p>`;
    case 'text':
      return escapeHtml(node.value);
    case 'strong':
      return `<strong>${children(node)}</strong>`;
    case 'emphasis':
      return `<em>${children(node)}</em>`;
    case 'delete':
      return `<del>${children(node)}</del>`;
    case 'inlineCode':
      return `<code>${escapeHtml(node.value)}</code>`;
    case 'code':
      return `<pre><code>${escapeHtml(node.value)}</code></pre>`;
    case 'list': {
      const tag = node.ordered ? 'ol' : 'ul';
      return `<${tag}>${children(node)}</${tag}>`;
    }
    case 'listItem': {
      const box = node.checked === true ? '☑ ' : node.checked === false ? '☐ ' : '';
      return `<li>${box}${node.children.map((child) => (child.type === 'paragraph' ? children(child) : render(child))).join('')}</li>`;
    }
    case 'blockquote':
      return `<blockquote>${children(node)}</blockquote>`;
    case 'thematicBreak':
      return '<hr>';
    case 'break':
      return '<br>';
    case 'link':
      // Shown, not followed: the page makes no request elsewhere.
      return `<span class="link" title="${escapeHtml(node.url)}">${children(node)}</span>`;
    case 'table':
      return `<table>${node.children
        .map(
          (row, index) =>
            `<tr>${row.children.map((cell) => `<${index === 0 ? 'th' : 'td'}>${children(cell)}</${index === 0 ? 'th' : 'td'}>`).join('')}</tr>`,
        )
        .join('')}</table>`;
    case 'html':
      return `<code>${escapeHtml(node.value)}</code>`;
    case 'yaml':
      return `<pre class="front-matter"><code>${escapeHtml(node.value)}</code></pre>`;
    default:
      return 'children' in node
        ? children(node as { children: Nodes[] })
        : 'value' in node
          ? escapeHtml(String(node.value))
          : '';
  }
}

// The HTML of the texts rendered lately, by text: a whole plan read as one Markdown tree takes
// tens of milliseconds (the parser's time grows faster than the text), and a plan page is read
// again at every event about its plan. Keyed by the text itself, an edited plan is rendered anew.
const rendered = new Map<string, string>();
const renderedKept = 64;

export function planHtml(text: string): string {
  let html = rendered.get(text);
  if (html === undefined) {
    html = renderPlan(text);
    if (rendered.size >= renderedKept) rendered.delete(rendered.keys().next().value!);
    rendered.set(text, html);
  }
  return html;
}

function renderPlan(text: string): string {
  // The front matter is shown as it is written; the Markdown after it is rendered.
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!frontMatter) return render(parseMarkdownTree(text));
  return `<pre class="front-matter"><code>${escapeHtml(frontMatter[1]!)}</code></pre>${render(parseMarkdownTree(text.slice(frontMatter[0].length)))}`;
}
