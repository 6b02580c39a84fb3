import CCairo

/// An A4 PDF being drawn in memory: one cairo surface and context, owned by one render call.
///
/// Each call gets its own canvas, so renders on different tasks share no cairo state. Cairo streams the
/// file through `ByteSink` while drawing and writes the trailer on `finish()`; nothing touches the disk.
final class PDFCanvas {
    /// The cairo context (`cairo_t *`) to draw with.
    let context: OpaquePointer
    private let surface: OpaquePointer
    private let sink: Unmanaged<ByteSink>

    /// A new document whose first page is blank A4.
    init() throws(PDFError) {
        let sink = Unmanaged.passRetained(ByteSink())
        // A capture-free closure converts to the C function pointer cairo wants; the sink travels as `closure`.
        guard let surface = cairo_pdf_surface_create_for_stream(
            { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            },
            sink.toOpaque(), A4.width, A4.height)
        else {
            sink.release()
            throw .cairo(status: Int(CAIRO_STATUS_NO_MEMORY.rawValue), message: "no PDF surface")
        }
        // Cairo never returns NULL for a failed create: it returns an "error object" carrying the status.
        if let error = PDFCanvas.error(cairo_surface_status(surface)) {
            cairo_surface_destroy(surface)
            sink.release()
            throw error
        }
        guard let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            sink.release()
            throw .cairo(status: Int(CAIRO_STATUS_NO_MEMORY.rawValue), message: "no cairo context")
        }
        self.surface = surface
        self.context = context
        self.sink = sink
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
        sink.release()
    }

    /// Sets the document title shown by PDF viewers (and announced by screen readers).
    func setTitle(_ title: String) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
    }

    /// Ends the current page and starts a blank one.
    func startNewPage() throws(PDFError) {
        cairo_show_page(context)
        try checkStatus()
    }

    /// Throws if cairo has recorded an error on the context or the surface. Cairo errors are sticky: once
    /// set, every later call is a no-op, so checking at page boundaries and at the end misses nothing.
    func checkStatus() throws(PDFError) {
        if let error = PDFCanvas.error(cairo_status(context)) { throw error }
        if let error = PDFCanvas.error(cairo_surface_status(surface)) { throw error }
    }

    /// Finishes the document (writes the trailer) and returns the whole file.
    func finish() throws(PDFError) -> [UInt8] {
        try checkStatus()
        cairo_surface_finish(surface)
        if let error = PDFCanvas.error(cairo_surface_status(surface)) { throw error }
        return sink.takeUnretainedValue().bytes
    }

    /// The error for a cairo status, nil for success.
    private static func error(_ status: cairo_status_t) -> PDFError? {
        guard status != CAIRO_STATUS_SUCCESS else { return nil }
        let message = cairo_status_to_string(status).map { String(cString: $0) } ?? "unknown"
        return .cairo(status: Int(status.rawValue), message: message)
    }
}

/// Where cairo's write callback puts the bytes of the PDF.
private final class ByteSink {
    var bytes: [UInt8] = []
}
