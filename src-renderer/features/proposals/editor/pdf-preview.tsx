import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import {
  IconAlertCircle,
  IconArrowsHorizontal,
  IconRefresh,
  IconZoomIn,
  IconZoomOut,
} from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useApi } from '../../../app/api-context.tsx'
import { errorMessage } from '../../../lib/errors.ts'
import type { PageSize, PreviewDocument } from './pdf-document.ts'

/** Zoom as a multiple of "fit width". */
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2]
const A4: PageSize = { width: 595.28, height: 841.89 }

type Loaded =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; doc: PreviewDocument; first: PageSize }

/**
 * The exported PDF drawn page by page, exactly the bytes the client gets (same cache key as
 * Export and Send). Pages are drawn when they scroll into view.
 */
export function PdfPreviewModal({
  proposalId,
  title,
  opened,
  onClose,
}: {
  proposalId: string
  title: string
  opened: boolean
  onClose: () => void
}) {
  const api = useApi()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  const [generation, setGeneration] = useState(0)
  const [regenerating, setRegenerating] = useState(false)
  const [zoom, setZoom] = useState(1)
  const { ref: sizeRef, width: areaWidth } = useElementSize()

  useEffect(() => {
    if (!opened) return
    let alive = true
    let doc: PreviewDocument | null = null
    setLoaded({ state: 'loading' })
    void (async () => {
      try {
        const [{ base64 }, { openPreviewDocument }] = await Promise.all([
          api.call('pdf.bytes', { proposalId }),
          import('./pdf-document.ts'),
        ])
        doc = await openPreviewDocument(base64)
        const first = doc.pages > 0 ? await doc.size(1) : A4
        if (alive) setLoaded({ state: 'ready', doc, first })
        else void doc.destroy()
      } catch (err) {
        if (alive) setLoaded({ state: 'error', message: errorMessage(err) })
      }
    })()
    return () => {
      alive = false
      void doc?.destroy()
    }
  }, [api, proposalId, opened, generation])

  const regenerate = async () => {
    setRegenerating(true)
    try {
      await api.call('pdf.export', { proposalId, force: true })
      setGeneration((g) => g + 1)
    } catch (err) {
      setLoaded({ state: 'error', message: errorMessage(err) })
    } finally {
      setRegenerating(false)
    }
  }

  const zoomIndex = ZOOMS.indexOf(zoom)
  const pageWidth = Math.max(200, Math.floor((areaWidth - 48) * zoom))
  const pages = loaded.state === 'ready' ? loaded.doc.pages : null

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size={980}
      padding={0}
      radius="md"
      withCloseButton={false}
      styles={{
        body: { display: 'flex', flexDirection: 'column', height: 'calc(100dvh - 10dvh)' },
      }}
      aria-label={`Preview of ${title}`}
    >
      <Group
        justify="space-between"
        px="md"
        py="xs"
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        data-testid="pdf-preview"
      >
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" truncate>
            Preview · {title}
          </Text>
          <Text size="xs" c="dimmed" data-testid="pdf-preview-count">
            {pages === null ? 'Preparing…' : `${pages} ${pages === 1 ? 'page' : 'pages'}`}
          </Text>
        </Stack>
        <Group gap={6} wrap="nowrap">
          <Tooltip label="Zoom out">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Zoom out"
              disabled={zoomIndex <= 0}
              onClick={() => setZoom(ZOOMS[zoomIndex - 1] ?? zoom)}
            >
              <IconZoomOut size={16} />
            </ActionIcon>
          </Tooltip>
          <Text size="sm" w={48} ta="center" data-testid="pdf-preview-zoom">
            {Math.round(zoom * 100)}%
          </Text>
          <Tooltip label="Zoom in">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Zoom in"
              disabled={zoomIndex >= ZOOMS.length - 1}
              onClick={() => setZoom(ZOOMS[zoomIndex + 1] ?? zoom)}
            >
              <IconZoomIn size={16} />
            </ActionIcon>
          </Tooltip>
          <Button
            variant="default"
            leftSection={<IconArrowsHorizontal size={16} />}
            onClick={() => setZoom(1)}
            disabled={zoom === 1}
          >
            Fit width
          </Button>
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            loading={regenerating}
            onClick={() => void regenerate()}
            data-testid="pdf-preview-regenerate"
          >
            Regenerate
          </Button>
          <Button onClick={onClose} data-testid="pdf-preview-close">
            Close
          </Button>
        </Group>
      </Group>
      <Box
        ref={sizeRef}
        bg="gray.2"
        style={{ flex: 1, overflow: 'auto', minHeight: 0 }}
        data-testid="pdf-preview-scroll"
        data-state={loaded.state}
        data-generation={generation}
      >
        {loaded.state === 'loading' && (
          <Center h="100%">
            <Group gap="sm">
              <Loader size="sm" />
              <Text size="sm" c="dimmed">
                Preparing the PDF…
              </Text>
            </Group>
          </Center>
        )}
        {loaded.state === 'error' && (
          <Box p="lg">
            <Alert color="red" icon={<IconAlertCircle />} title="The preview could not be shown">
              {loaded.message}
            </Alert>
          </Box>
        )}
        {loaded.state === 'ready' && areaWidth > 0 && (
          <Stack gap="md" p="lg" align="center" style={{ minWidth: 'fit-content' }}>
            {Array.from({ length: loaded.doc.pages }, (_, i) => (
              <PreviewPage
                key={`${generation}-${i}`}
                doc={loaded.doc}
                n={i + 1}
                width={pageWidth}
                aspect={loaded.first.height / loaded.first.width}
              />
            ))}
          </Stack>
        )}
      </Box>
    </Modal>
  )
}

function PreviewPage({
  doc,
  n,
  width,
  aspect,
}: {
  doc: PreviewDocument
  n: number
  width: number
  aspect: number
}) {
  const holder = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [visible, setVisible] = useState(false)
  const [drawnWidth, setDrawnWidth] = useState(0)
  const [failed, setFailed] = useState<string | null>(null)

  useEffect(() => {
    const el = holder.current
    if (!el) return
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setVisible(true)
      },
      { rootMargin: '400px 0px' },
    )
    io.observe(el)
    return () => io.disconnect()
  }, [])

  useEffect(() => {
    const c = canvas.current
    if (!visible || !c || drawnWidth === width) return
    const job = doc.draw(n, c, width)
    job.done.then(
      () => setDrawnWidth(width),
      (err: unknown) => {
        if (!(err instanceof Error && err.name === 'RenderingCancelledException'))
          setFailed(errorMessage(err))
      },
    )
    return () => job.cancel()
  }, [visible, doc, n, width, drawnWidth])

  const rendered = drawnWidth > 0
  return (
    <Paper
      ref={holder}
      shadow="sm"
      radius={2}
      pos="relative"
      style={{ width, height: Math.round(width * aspect), overflow: 'hidden', flex: 'none' }}
      data-testid="pdf-preview-page"
      data-page={n}
      data-rendered={rendered ? 'true' : 'false'}
    >
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Page ${n}`}
        style={{ width: '100%', height: '100%', display: rendered ? 'block' : 'none' }}
      />
      {!rendered && (
        <Center pos="absolute" inset={0}>
          {failed ? (
            <Text size="sm" c="red">
              Page {n} could not be drawn: {failed}
            </Text>
          ) : (
            <Loader size="xs" color="gray" />
          )}
        </Center>
      )}
    </Paper>
  )
}
