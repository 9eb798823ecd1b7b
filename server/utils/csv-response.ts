import type { Readable } from 'node:stream'
import type { H3Event } from 'h3'
import { sendStream, setResponseHeader } from 'h3'

/** Streams a CSV download; when the client goes away the stream (and the query feeding it) stops. */
export function sendCsv(event: H3Event, file: { fileName: string, stream: Readable }) {
  setResponseHeader(event, 'content-type', 'text/csv; charset=utf-8')
  setResponseHeader(event, 'content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
  setResponseHeader(event, 'cache-control', 'no-store')
  const res = event.node.res
  res.once('close', () => {
    if (!res.writableFinished) file.stream.destroy()
  })
  return sendStream(event, file.stream)
}
