import { createHash } from 'node:crypto'
import mimeFuncs from 'nodemailer/lib/mime-funcs/index.js'

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** `<number> - <client>.pdf`, with characters no file system accepts replaced. */
export function attachmentFileName(number: string, clientName: string): string {
  const clean = (s: string): string =>
    Array.from(s.normalize('NFC'))
      .map((c) => (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|]/u.test(c) ? '_' : c))
      .join('')
      .replace(/\s+/g, ' ')
      .trim()
  const client = clean(clientName)
  const base = client ? `${clean(number)} - ${client}` : clean(number) || 'proposal'
  // Keep names short enough for every mail client and file system (255 bytes minus ".pdf").
  let name = base
  while (Buffer.byteLength(name, 'utf8') > 200) name = Array.from(name).slice(0, -1).join('')
  return `${name.trim()}.pdf`
}

/** Plain-ASCII version of a name for clients that read neither RFC 2231 nor encoded words. */
export function asciiFallback(name: string): string {
  return Array.from(name.normalize('NFKD').replace(/\p{M}/gu, ''))
    .map((c) => (/^[\x20-\x7e]$/.test(c) && c !== '"' && c !== '\\' ? c : '_'))
    .join('')
}

/**
 * The attachment's complete MIME part. nodemailer alone writes the name once as an RFC 2231
 * `filename*` parameter and once as an encoded word in `name=`; this part adds a plain-ASCII
 * `filename=` too (reliability.md case 21), so every common client shows a sensible name.
 */
export function pdfAttachmentPart(fileName: string, bytes: Buffer): string {
  // The fourth (encode-all) argument exists at runtime but is missing from @types/nodemailer.
  // It also uses `this`, so it is called as a method.
  const funcs = mimeFuncs as unknown as {
    encodeWords(v: string, e: 'B', max: number, all: boolean): string
  }
  const encodedWords = funcs.encodeWords(fileName, 'B', 52, true)
  const isAscii = /^[\x20-\x7e]*$/.test(fileName) && !/["\\]/.test(fileName)
  const typeName = isAscii ? `"${fileName}"` : `"${encodedWords.split(' ').join('\r\n ')}"`
  const disposition: string[] = ['attachment']
  if (isAscii) {
    disposition.push(`filename="${fileName}"`)
  } else {
    disposition.push(`filename="${asciiFallback(fileName)}"`)
    for (const p of mimeFuncs.buildHeaderParam('filename', fileName, 50)) {
      const quote = /[\s";]/.test(p.value)
      disposition.push(`${p.key}=${quote ? `"${p.value.replace(/["\\]/g, '\\$&')}"` : p.value}`)
    }
  }
  const body = bytes.toString('base64').replace(/.{76}/g, '$&\r\n')
  return [
    `Content-Type: application/pdf;\r\n name=${typeName}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: ${disposition.join(';\r\n ')}`,
    '',
    body,
  ].join('\r\n')
}
