// Which heading names which plan section, with the synonyms people use. Kept apart from the
// section readers so that a line scan (summary.ts) can name sections without the Markdown parser.
import type { SectionKey } from './model.ts';

const sectionNames: Record<string, SectionKey> = {
  summary: 'summary',
  overview: 'summary',
  tldr: 'summary',
  'tl;dr': 'summary',
  'executive summary': 'summary',
  'requirements clarified': 'requirements',
  'clarified requirements': 'requirements',
  requirements: 'requirements',
  prerequisites: 'prerequisites',
  prerequisite: 'prerequisites',
  'pre-requisites': 'prerequisites',
  prereqs: 'prerequisites',
  tasks: 'tasks',
  'task list': 'tasks',
  'task breakdown': 'tasks',
  'implementation tasks': 'tasks',
  'edge cases': 'edgeCases',
  'edge case': 'edgeCases',
  'edge cases to handle': 'edgeCases',
  'security checklist': 'securityChecklist',
  security: 'securityChecklist',
  'security considerations': 'securityChecklist',
  'risks and mitigation': 'risks',
  'risks and mitigations': 'risks',
  'risk and mitigation': 'risks',
  'risks and mitigation strategies': 'risks',
  risks: 'risks',
  'questions for implementer': 'questions',
  'questions for implementers': 'questions',
  'questions for the implementer': 'questions',
  questions: 'questions',
  'open questions': 'questions',
  verification: 'verification',
  'verification steps': 'verification',
  'final verification': 'verification',
};

/**
 * The section a heading names: case and emphasis ignored, `&` read as "and", a trailing
 * parenthesis (`(if applicable)`, `(Claude One)`) or colon dropped, a leading number too.
 */
export function sectionKeyFor(headingText: string): SectionKey | undefined {
  const name = headingText
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/^\s*\d+[.)]\s*/, '')
    .replace(/(?:\s*\([^)]*\))+\s*$/, '')
    .replace(/:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return Object.hasOwn(sectionNames, name) ? sectionNames[name] : undefined;
}
