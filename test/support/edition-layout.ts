/**
 * A tiny page-flow engine for the synthetic editions: headings, wrapped paragraphs, bullets with
 * superscript footnote markers, footnotes at the foot of the page, "Page N sur M" footers.
 * Geometry copies the real page 62 (A4 595×842, body 9 pt from x 56.8, footnotes 7 pt from y 52.7 up).
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { addInternalLink, type Fonts } from './edition-pdf.js';
import type { Footnote } from './edition-types.js';

export const PAGE = { width: 595, height: 842, left: 56.8, right: 538.5, top: 787.5 } as const;
export const BLACK = rgb(0, 0, 0);
export const NAVY = rgb(0.13, 0.16, 0.33);

/** Heading geometry per level: font size, x of the number, x of the title (as printed by the real PDF). */
const HEADING: Record<HeadingLevel, { size: number; numberX: number; titleX: number }> = {
  1: { size: 16, numberX: 56.8, titleX: 80.6 },
  2: { size: 14, numberX: 85.2, titleX: 118.8 },
  3: { size: 12, numberX: 113.5, titleX: 151.7 },
  4: { size: 11, numberX: 113.5, titleX: 162.5 },
};

/** 4: the "x.1 Les services qualifiés" / "x.2 Les organismes …" sub-sections of later editions. */
export type HeadingLevel = 1 | 2 | 3 | 4;

export interface HeadingRecord {
  level: HeadingLevel;
  number: string;
  title: string;
  page: PDFPage;
  /** Where an outline or TOC link points: left of the title, top of the heading. */
  x: number;
  y: number;
}

interface PendingNote {
  note: Footnote;
  /** Rectangle of the marker in the text, to link it to the note. */
  rect: [number, number, number, number];
}

export class Flow {
  readonly pages: PDFPage[] = [];
  readonly headings: HeadingRecord[] = [];
  private readonly notes = new Map<PDFPage, PendingNote[]>();
  private current: PDFPage | undefined;
  /** Top of the free space on the current page. */
  y = 0;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {}

  get page(): PDFPage {
    return this.current ?? this.newPage();
  }

  newPage(): PDFPage {
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    this.current = page;
    this.y = PAGE.top;
    return page;
  }

  /** Lowest y the body may reach on the current page with `extraNotes` more footnotes. */
  bottom(extraNotes = 0): number {
    const n = (this.notes.get(this.page)?.length ?? 0) + extraNotes;
    return n === 0 ? 45 : 52.7 + (n - 1) * 9.7 + 7 + 16;
  }

  /** Starts a new page unless `height` (and `extraNotes` footnotes) still fit. True when it did. */
  ensure(height: number, extraNotes = 0): boolean {
    if (this.y - height >= this.bottom(extraNotes)) return false;
    this.newPage();
    return true;
  }

  text(str: string, x: number, baseline: number, size: number, font: PDFFont = this.fonts.regular, color: RGB = BLACK): number {
    this.page.drawText(str, { x, y: baseline, size, font, color });
    return font.widthOfTextAtSize(str, size);
  }

  /** A footnote marker glued after text ending at `x`: smaller and raised, like OpenOffice's. */
  marker(note: Footnote, x: number, baseline: number, baseSize: number, font: PDFFont = this.fonts.regular): void {
    const size = Math.round(baseSize * 0.58 * 10) / 10;
    const rise = Math.round(baseSize * 0.48 * 10) / 10;
    const w = this.text(note.marker, x, baseline + rise, size, font);
    const list = this.notes.get(this.page) ?? [];
    list.push({ note, rect: [x - 0.8, baseline - 2.3, x + w + 1.6, baseline + baseSize + 1.2] });
    this.notes.set(this.page, list);
  }

  /** Later editions print "3.1.2" where earlier ones printed "3.1.2.". */
  headingDot = true;

  heading(level: HeadingLevel, number: string, title: string, opts: { newPage?: boolean } = {}): void {
    const g = HEADING[level];
    if (opts.newPage || !this.current) this.newPage();
    else {
      this.y -= 8;
      this.ensure(g.size * 4);
    }
    const top = this.y;
    const baseline = top - g.size * 1.14;
    // An unnumbered heading (the qualified products' categories in some editions) prints its title alone.
    if (number !== '') this.text(this.headingDot ? `${number}.` : number, g.numberX, baseline, g.size, this.fonts.boldItalic, NAVY);
    this.text(title, g.titleX, baseline, g.size, this.fonts.boldItalic, NAVY);
    this.headings.push({ level, number, title, page: this.page, x: g.titleX, y: top });
    this.y = baseline - 10.7;
  }

  /** Splits `text` into lines no wider than `width` (breaks at spaces only). */
  static wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line !== '') lines.push(line);
    return lines;
  }

  paragraph(text: string, size = 9): void {
    const lines = Flow.wrap(text, this.fonts.regular, size, PAGE.right - PAGE.left);
    this.ensure(lines.length * 12.5);
    for (const line of lines) {
      this.text(line, PAGE.left, this.y - size, size);
      this.y -= 12.5;
    }
    this.y -= 6;
  }

  /** "–   SaaS : Software as a service²¹" with the note text at the foot of the page. */
  bullet(label: string, italicText: string, note?: Footnote): void {
    this.ensure(12.5, note ? 1 : 0);
    const baseline = this.y - 9;
    this.text('–', 74.8, baseline, 9);
    const lw = this.text(`${label} `, 92.8, baseline, 9);
    const tw = this.text(italicText, 92.8 + lw, baseline, 9, this.fonts.italic);
    if (note) this.marker(note, 92.8 + lw + tw + 0.2, baseline, 9, this.fonts.italic);
    this.y -= 18.5;
  }

  /** Draws footnotes, their back-links and the "Page N sur M" footers. Call once, at the end. */
  finish(allPages: PDFPage[], firstFooterPage: number): void {
    for (const [page, list] of this.notes) {
      list.forEach(({ note, rect }, i) => {
        const baseline = 52.7 + (list.length - 1 - i) * 9.7;
        page.drawText(note.marker, { x: PAGE.left, y: baseline, size: 7, font: this.fonts.regular });
        page.drawText(note.text, { x: 71, y: baseline, size: 7, font: this.fonts.regular });
        addInternalLink(page, rect, page, 70.9, baseline + 7);
      });
      const top = 52.7 + (list.length - 1) * 9.7 + 10;
      page.drawLine({ start: { x: PAGE.left, y: top }, end: { x: PAGE.left + 120, y: top }, thickness: 0.5, color: BLACK });
    }
    allPages.forEach((page, i) => {
      if (i < firstFooterPage) return;
      const label = `Page ${i + 1} sur ${allPages.length}`;
      const w = this.fonts.regular.widthOfTextAtSize(label, 6);
      page.drawText(label, { x: 538.7 - w, y: 30, size: 6, font: this.fonts.regular });
    });
  }
}
