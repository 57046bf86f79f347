/**
 * pdf.js behind a tiny interface, imported lazily by the preview so the editor's bundle does not
 * carry it. Parsing runs in pdf.js's worker (bundled by Vite, same origin, so the CSP's
 * `default-src 'self'` covers it); only drawing a visible page touches the main thread.
 */
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

GlobalWorkerOptions.workerSrc = workerUrl

export interface PageSize {
  width: number
  height: number
}

export interface PreviewDocument {
  pages: number
  /** Size of page `n` (1-based) in PDF points. */
  size(n: number): Promise<PageSize>
  /** Draws page `n` into `canvas` at `cssWidth` CSS pixels; the promise settles when drawn. */
  draw(
    n: number,
    canvas: HTMLCanvasElement,
    cssWidth: number,
  ): { done: Promise<void>; cancel(): void }
  destroy(): Promise<void>
}

function decodeBase64(base64: string): Uint8Array {
  const bin = atob(base64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export async function openPreviewDocument(base64: string): Promise<PreviewDocument> {
  // No eval (the CSP forbids it); fonts are embedded by pdfmake, so nothing is fetched.
  const task = getDocument({ data: decodeBase64(base64), isEvalSupported: false })
  const doc: PDFDocumentProxy = await task.promise
  return {
    pages: doc.numPages,
    async size(n) {
      const page = await doc.getPage(n)
      const vp = page.getViewport({ scale: 1 })
      return { width: vp.width, height: vp.height }
    },
    draw(n, canvas, cssWidth) {
      let cancelled = false
      let cancelRender: (() => void) | null = null
      const done = (async () => {
        const page = await doc.getPage(n)
        if (cancelled) return
        const base = page.getViewport({ scale: 1 })
        const ratio = Math.min(window.devicePixelRatio || 1, 3)
        const viewport = page.getViewport({ scale: (cssWidth / base.width) * ratio })
        const width = Math.floor(viewport.width)
        const height = Math.floor(viewport.height)
        // Draw off-screen, then swap, so a zoom change never shows a blank page mid-render.
        const scratch = document.createElement('canvas')
        scratch.width = width
        scratch.height = height
        const ctx = scratch.getContext('2d')
        if (!ctx) throw new Error('Canvas 2D is not available')
        const task = page.render({ canvasContext: ctx, viewport })
        cancelRender = () => task.cancel()
        await task.promise
        if (cancelled) return
        canvas.width = width
        canvas.height = height
        canvas.getContext('2d')?.drawImage(scratch, 0, 0)
      })()
      return {
        done,
        cancel() {
          cancelled = true
          cancelRender?.()
        },
      }
    },
    destroy: () => task.destroy(),
  }
}
