import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

// In Node, pdfjs runs its "worker" in this thread and would import the worker module on the first
// getDocument call; importing it with the parser makes that cost part of loading, paid once per process.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= pdfjsWorker;

export { AnnotationType, getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
