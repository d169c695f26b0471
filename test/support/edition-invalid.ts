/**
 * Inputs a catalogue parser must refuse (CatalogueFormatError), never answer with an empty list:
 * each would otherwise read as "every SecNumCloud qualification was withdrawn".
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { realCatalogueBytes } from './edition-real.js';
import { catalogueWithoutCloudSection } from './edition-synthetic.js';
import type { NotCatalogue } from './edition-types.js';

/** A valid two-page PDF about something else (an invoice), in the same fonts as the synthetic editions. */
async function unrelatedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines = [
    ['Facture n° 2026-0117', 'Date : 05/01/2026', 'Client : Société Exemple', 'Total TTC : 1 234,56 €'],
    ['Conditions générales de vente', 'Paiement à 30 jours.', 'Page 2 sur 2'],
  ];
  for (const pageLines of lines) {
    const page = doc.addPage([595, 842]);
    pageLines.forEach((text, i) => page.drawText(text, { x: 56.8, y: 780 - i * 14, size: 10, font }));
  }
  return doc.save();
}

/** What a web server or a proxy returns instead of the PDF (status 200, HTML body). */
const HTML = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Catalogue des produits et services qualifiés | ANSSI</title></head>
<body><h1>Service momentanément indisponible</h1>
<p>Le catalogue des produits et services certifiés et qualifiés (SecNumCloud) sera bientôt disponible.</p>
</body></html>
`;

export async function buildNotCatalogues(): Promise<NotCatalogue[]> {
  const real = realCatalogueBytes();
  return [
    { name: 'unrelated PDF', bytes: await unrelatedPdf() },
    // pdfjs may rebuild the cross-reference table and still open the first pages: section 3.3 (page 62) is gone.
    { name: 'truncated real PDF (first 40%)', bytes: real.slice(0, Math.floor(real.length * 0.4)) },
    { name: 'HTML page', bytes: new TextEncoder().encode(HTML) },
    { name: 'empty file', bytes: new Uint8Array(0) },
    // A catalogue, but without the SecNumCloud section: "section not found" is an error, not zero offers.
    { name: 'catalogue without section 3.3', bytes: await catalogueWithoutCloudSection() },
  ];
}
