// Plan sections: reading the list-shaped ones (checklists, edge cases, questions) and the
// risks table; which heading names which section is in section-names.ts.
import type { RootContent, Table } from 'mdast';
import { endOf, flattenListItems, sourceOfNodes, startOf } from './markdown-tree.ts';
import type { PlanRisk } from './model.ts';
import { normalizeSpace, type SourceText } from './source-text.ts';

export { sectionKeyFor } from './section-names.ts';

/**
 * The items of a list-shaped section: every list item (nested ones flattened, checkboxes
 * dropped) and, for prose around the lists, every other block as one item, so nothing is
 * lost. Items are single lines of inline Markdown.
 */
export function readListSection(source: SourceText, blocks: readonly RootContent[]): string[] {
  const items: string[] = [];
  for (const block of blocks) {
    const pieces = block.type === 'list' ? flattenListItems(source, block) : [sourceOfNodes(source, [block])];
    for (const piece of pieces) {
      const text = normalizeSpace(piece.text);
      if (text !== '') items.push(text);
    }
  }
  return items;
}

/**
 * Table cells are inline Markdown with `\\|` for a pipe; the model holds the pipe itself. Read
 * from the cell's own source (its pipes stripped): inline children can lack positions.
 */
function cellText(source: SourceText, cell: Table['children'][number]['children'][number]): string {
  let raw = source.slice(startOf(cell), endOf(cell)).trim();
  if (raw.startsWith('|')) raw = raw.slice(1);
  if (raw.endsWith('|') && !raw.endsWith('\\|')) raw = raw.slice(0, -1);
  return normalizeSpace(raw.replace(/\\\|/g, '|'));
}

const columnNames: Record<string, keyof PlanRisk> = {
  risk: 'risk',
  risks: 'risk',
  impact: 'impact',
  severity: 'impact',
  likelihood: 'impact',
  mitigation: 'mitigation',
  mitigations: 'mitigation',
};

/** Risks from a `| Risk | Impact | Mitigation |` table (columns found by name), or from list items. */
export function readRisks(source: SourceText, blocks: readonly RootContent[]): PlanRisk[] {
  const risks: PlanRisk[] = [];
  for (const block of blocks) {
    if (block.type === 'table') {
      const [header, ...rows] = block.children;
      const names = (header?.children ?? []).map((cell) =>
        cellText(source, cell).toLowerCase().replace(/[*_]/g, ''),
      );
      const columns: Array<keyof PlanRisk | undefined> = names.map((name) =>
        Object.hasOwn(columnNames, name) ? columnNames[name] : undefined,
      );
      const known = columns.some((column) => column !== undefined);
      const order: Array<keyof PlanRisk> = ['risk', 'impact', 'mitigation'];
      for (const row of rows) {
        const risk: PlanRisk = { risk: '', impact: '', mitigation: '' };
        row.children.forEach((cell, index) => {
          const column = known ? columns[index] : order[index];
          if (column && risk[column] === '') risk[column] = cellText(source, cell);
        });
        if (risk.risk !== '' || risk.impact !== '' || risk.mitigation !== '') risks.push(risk);
      }
    } else {
      for (const item of readListSection(source, [block]))
        risks.push({ risk: item, impact: '', mitigation: '' });
    }
  }
  return risks;
}
