/**
 * The one switch between the engine and the typography module. Everything in src-main/pdf that
 * needs fonts, text runs, glyph coverage or logo conversion imports from here, so moving from the
 * interim Roboto fallback to `./text/index.ts` is a one-line change.
 */
export {
  DEFAULT_FONT,
  findMissingGlyphs,
  fontAssetsHash,
  normalizeLogo,
  registerFonts,
  richText,
} from './typography-fallback.ts'
export type {
  FontDictionary,
  MissingGlyph,
  NormalizedLogo,
  PdfMakeVfsHost,
  RichText,
} from './typography-fallback.ts'
