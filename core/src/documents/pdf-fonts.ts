import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The fonts every generated document uses: DejaVu Sans from the `dejavu-fonts-ttf` npm package
 * (Cyrillic, Latin, the ₽ and € signs), so a PDF looks the same on any machine without system fonts.
 */
const require = createRequire(import.meta.url);
export const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const DOCUMENT_FONT = 'DejaVuSans';

export const documentFonts = {
  [DOCUMENT_FONT]: {
    normal: path.join(FONT_DIR, 'DejaVuSans.ttf'),
    bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
    italics: path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
    bolditalics: path.join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
  },
};
