/**
 * The small Markdown subset proposal texts use: paragraphs (blank line), hard line breaks, bullet
 * lists ("- ", "* ", "• "), numbered lists ("1. "), headings ("# ") and **bold**. Anything else is
 * kept as literal text, so nothing a user typed is lost.
 */

export interface Span {
  text: string
  bold: boolean
}

export type Block =
  | { kind: 'paragraph'; lines: Span[][] }
  | { kind: 'heading'; spans: Span[] }
  | { kind: 'bullets'; items: Span[][] }
  | { kind: 'numbered'; items: Span[][] }

const BULLET = /^\s{0,3}[-*•]\s+(.*)$/
const NUMBERED = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/
const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/

/** Splits "**bold**" markers; an unmatched "**" stays as literal text. */
export function parseInline(text: string): Span[] {
  const spans: Span[] = []
  let rest = text
  for (;;) {
    const open = rest.indexOf('**')
    const close = open < 0 ? -1 : rest.indexOf('**', open + 2)
    if (open < 0 || close < 0 || close === open + 2) {
      if (rest) spans.push({ text: rest, bold: false })
      return spans
    }
    if (open > 0) spans.push({ text: rest.slice(0, open), bold: false })
    spans.push({ text: rest.slice(open + 2, close), bold: true })
    rest = rest.slice(close + 2)
  }
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = []
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  let paragraph: Span[][] = []
  let list: { kind: 'bullets' | 'numbered'; items: Span[][] } | null = null

  const flush = (): void => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', lines: paragraph })
    if (list) blocks.push({ kind: list.kind, items: list.items })
    paragraph = []
    list = null
  }

  for (const line of lines) {
    if (line.trim() === '') {
      flush()
      continue
    }
    const heading = HEADING.exec(line)
    const bullet = BULLET.exec(line)
    const numbered = bullet ? null : NUMBERED.exec(line)
    if (heading) {
      flush()
      blocks.push({ kind: 'heading', spans: parseInline(heading[1] ?? '') })
    } else if (bullet || numbered) {
      const kind = bullet ? 'bullets' : 'numbered'
      if (paragraph.length || (list && list.kind !== kind)) flush()
      list ??= { kind, items: [] }
      list.items.push(parseInline((bullet ?? numbered)?.[1] ?? ''))
    } else if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the previous list item.
      const last = list.items[list.items.length - 1]
      if (last) last.push({ text: `\n${line.trim()}`, bold: false })
    } else {
      if (list) flush()
      paragraph.push(parseInline(line))
    }
  }
  flush()
  return blocks
}
