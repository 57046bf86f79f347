/**
 * Typography for the PDF engine: bundled fonts, script-aware text runs, glyph coverage and logo
 * normalisation. The engine (src-main/pdf/*) imports only from here.
 */
export {
  DEFAULT_FONT,
  registerFonts,
  type FontDictionary,
  type PdfMakeVfsHost,
} from '../fonts/register-fonts.ts'
export { fontAssetsHash } from '../fonts/font-catalog.ts'
export {
  REPLACEMENT_CHAR,
  findMissingGlyphs,
  richText,
  textDirection,
  type MissingGlyph,
  type RichText,
  type RichTextOptions,
  type TextRun,
} from './rich-text.ts'

export { LogoError, normalizeLogo, validateLogo, type NormalizedLogo } from './logo.ts'
