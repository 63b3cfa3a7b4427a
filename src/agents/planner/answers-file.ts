// `baton plan --answers FILE`: the interview answered ahead of time, in YAML or JSON, either a
// list of {question, answer} or a map of question → answer. Read strictly (our own format):
// a file that says something else is a usage error that names what is wrong.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { BatonError } from '../../errors.ts';

export interface InterviewAnswer {
  question: string;
  answer: string;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value).trim());
const listForm = z.array(z.strictObject({ question: scalar, answer: scalar }));
const mapForm = z.record(z.string(), scalar);

export function readAnswersFile(file: string): InterviewAnswer[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BatonError('USAGE', `cannot read the answers file ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    value = parse(text);
  } catch (error) {
    throw new BatonError(
      'USAGE',
      `the answers file ${file} is neither YAML nor JSON: ${(error as Error).message}`,
    );
  }
  const asList = listForm.safeParse(value);
  const answers = asList.success
    ? asList.data
    : (() => {
        const asMap = mapForm.safeParse(value);
        if (!asMap.success) {
          throw new BatonError(
            'USAGE',
            `the answers file ${file} is not a list of {question, answer} nor a map`,
            {
              hint: 'Write either\n  - question: Which database?\n    answer: Postgres\nor\n  Which database?: Postgres',
            },
          );
        }
        return Object.entries(asMap.data).map(([question, answer]) => ({
          question: question.trim(),
          answer,
        }));
      })();
  return answers.filter((entry) => entry.question !== '');
}
