import { PDFParse } from 'pdf-parse';

/** The text of a PDF, page after page, as a reader's copy-paste would give it (tests read documents through it). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
