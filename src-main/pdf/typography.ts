/**
 * The one switch between the engine and the typography module (bundled fonts, script runs, bidi,
 * glyph coverage, logo conversion in ./text and ./fonts). Everything in src-main/pdf that needs
 * fonts, text runs, glyph coverage or logos imports from here.
 */
export {
  DEFAULT_FONT,
  findMissingGlyphs,
  fontAssetsHash,
  normalizeLogo,
  registerFonts,
  richText,
} from './text/index.ts'
export type {
  FontDictionary,
  MissingGlyph,
  NormalizedLogo,
  PdfMakeVfsHost,
  RichText,
} from './text/index.ts'
