import type { Paragraph as ParagraphType } from 'docx';
import { formatMinutes, type Workflow } from './workflows.models';

/**
 * A procedures manual as a Word document: a title with the library's name and the date, then each workflow's
 * "where this applies", steps, checks (as boxes to tick) and decision points. Plain paragraphs and headings only,
 * so any word processor opens it and the library can edit it further.
 */
export async function manualDocx(input: {
  libraryName: string;
  date: Date;
  workflows: Workflow[];
  placeLabel: (slug: string) => string;
  appliesTo: (w: Workflow) => string[];
}): Promise<Buffer> {
  // Loaded on the first export only: the package is large and most processes never build a manual.
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const dateText = input.date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const children: ParagraphType[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`${input.libraryName}: ILL procedures`)] }),
    new Paragraph({ children: [new TextRun(`Prepared on ${dateText} from ILL Commons workflows.`)] }),
    new Paragraph({
      children: [
        new TextRun(
          'Check every step against your own policies, systems and the law where you work before relying on it.',
        ),
      ],
    }),
  ];
  for (const w of input.workflows) {
    const number = new Map(w.steps.map((s, i) => [s.key, i + 1]));
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(w.title)] }),
    );
    children.push(new Paragraph({ children: [new TextRun(w.summary)] }));
    const applies = input.appliesTo(w);
    children.push(
      new Paragraph({
        children: [
          new TextRun({ text: 'Where this applies: ', bold: true }),
          new TextRun(applies.length ? applies.join('; ') : 'any library'),
        ],
      }),
    );
    w.steps.forEach((s, i) => {
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`Step ${i + 1}. ${s.title}`)] }),
      );
      children.push(
        new Paragraph({
          children: [
            new TextRun({ text: 'Who: ', bold: true }),
            new TextRun(s.role),
            new TextRun({ text: '   Where: ', bold: true }),
            new TextRun(input.placeLabel(s.system)),
            new TextRun({ text: '   Time: ', bold: true }),
            new TextRun(s.minutes === null ? 'not estimated' : `about ${formatMinutes(s.minutes)}`),
          ],
        }),
      );
      for (const p of s.details.split(/\n{2,}/).filter((t) => t.trim()))
        children.push(new Paragraph({ children: [new TextRun(p)] }));
      for (const c of s.checks) children.push(new Paragraph({ children: [new TextRun(`☐ ${c}`)] }));
      for (const d of s.decisions)
        children.push(
          new Paragraph({ children: [new TextRun(`If ${d.when}: go to step ${number.get(d.goTo) ?? '?'}.`)] }),
        );
    });
    if (w.sources.length) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Sources')] }));
      for (const s of w.sources) children.push(new Paragraph({ children: [new TextRun(`${s.title}: ${s.url}`)] }));
    }
  }
  const doc = new Document({
    creator: 'ILL Commons',
    title: `${input.libraryName}: ILL procedures`,
    description: 'A procedures manual built from ILL Commons workflows (CC BY 4.0).',
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
