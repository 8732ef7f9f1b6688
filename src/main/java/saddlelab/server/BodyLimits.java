package saddlelab.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body in full before the request reaches the routes, without holding a thread
 * while the client sends: the bytes are collected as they arrive (Jetty's asynchronous {@code demand}),
 * so a client that trickles its body (one byte every few seconds) costs a connection and a few
 * kilobytes, never one of the server's threads. Limits, each answered with a JSON error counted in the
 * {@link RefusalLog}, never a stack trace:
 * <ul>
 * <li>larger than the limit (declared or counted): 413;
 * <li>not all there within the body deadline, or arriving slower than the minimum data rate after the
 * first second: 408, and the connection closes;
 * <li>a charset other than UTF-8: 415; bytes that are not UTF-8: 400 (two different bodies must
 * never read as one text, nor get one link id);
 * <li>broken framing (a bad chunk, a chunk extension or trailer too long): 400; a client that goes
 * away mid-body: nothing to answer, and nothing logged above debug.
 * </ul>
 * The routes then read the body from memory ({@code ctx.body()} costs nothing).
 */
final class BodyLimits extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(BodyLimits.class);

    /**
     * A body over the limit but at most this large is read to its end and thrown away before the 413:
     * closing a connection with request bytes still unread makes the operating system send a reset, which can
     * destroy the answer before the client reads it. Larger ones get the 413 at once, and the close.
     */
    static final long DISCARD_LIMIT = 1 << 20;

    private final long maxBytes;
    private final long deadlineMillis;
    private final long minBytesPerSecond;

    private final ClientNames clients;
    private final RefusalLog refusals;

    BodyLimits(long maxBytes, long deadlineMillis, long minBytesPerSecond, ClientNames clients, RefusalLog refusals) {
        this.clients = clients;
        this.refusals = refusals;
        this.maxBytes = maxBytes;
        this.deadlineMillis = deadlineMillis;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (length <= 0 && !chunked) {
            return super.handle(request, response, callback);
        }
        String charset = charset(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            reject(request, response, callback, 415, "unsupported charset " + abbreviate(charset) + ": send UTF-8", false);
            return true;
        }
        if (length > DISCARD_LIMIT) {
            reject(request, response, callback, 413, "request body too large (limit " + maxBytes + " bytes)", true);
            return true;
        }
        new Reader(request, response, callback, length).start();
        return true;
    }

    /** The charset parameter of a Content-Type, lower case, or null. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String c = p.substring(8).trim();
                if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                    c = c.substring(1, c.length() - 1);
                }
                return c.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A JSON error, with the lab's security headers, counted in the refusal log. */
    void reject(Request request, Response response, Callback callback, int status, String message, boolean close) {
        refusals.refused(clients.client(Request.getRemoteAddr(request), request.getHeaders().get("X-Forwarded-For")),
                status, request.getMethod() + " " + request.getHttpURI().getPath() + ": " + message);
        Http.write(response, callback, status, message, close);
    }

    /** Collects one request's body as it arrives. */
    private final class Reader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long declared;
        private final AtomicBoolean over = new AtomicBoolean();
        private final long started = System.nanoTime();
        private ByteBuffer body;
        /** Bytes read past the limit and thrown away. */
        private long discarded;
        private Scheduler.Task deadline;
        private Scheduler.Task pace;

        Reader(Request request, Response response, Callback callback, long declared) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.declared = declared;
            this.body = ByteBuffer.allocate((int) Math.min(maxBytes, declared > 0 ? declared : 4096));
        }

        void start() {
            Scheduler scheduler = request.getComponents().getScheduler();
            deadline = scheduler.schedule(() -> fail(408, "the request body did not arrive within "
                    + deadlineMillis / 1000.0 + " s"), deadlineMillis, TimeUnit.MILLISECONDS);
            pace = scheduler.schedule(this::checkPace, 1000, TimeUnit.MILLISECONDS);
            run();
        }

        private void checkPace() {
            if (over.get()) {
                return;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (body.position() < minBytesPerSecond * seconds) {
                fail(408, "the request body arrives slower than " + minBytesPerSecond + " bytes/s");
                return;
            }
            pace = request.getComponents().getScheduler().schedule(this::checkPace, 1000, TimeUnit.MILLISECONDS);
        }

        /** Reads what has arrived; asks to be called again when more does. */
        @Override
        public void run() {
            while (!over.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable cause = chunk.getFailure();
                    if (cause instanceof org.eclipse.jetty.http.BadMessageException) {
                        fail(400, "malformed request body: " + cause.getMessage());
                    } else if (over.compareAndSet(false, true)) {
                        cancelTimers(); // the client went away mid-body: nobody to answer
                        LOG.debug("request body aborted: {}", cause.toString());
                        callback.failed(cause);
                    }
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (discarded > 0 || body.position() + bytes.remaining() > maxBytes) {
                    // over the limit: read on to the end, keeping nothing, then answer (see DISCARD_LIMIT)
                    discarded += bytes.remaining();
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (body.position() + discarded > DISCARD_LIMIT) {
                        fail(413, "request body too large (limit " + maxBytes + " bytes)");
                        return;
                    }
                    if (last && over.compareAndSet(false, true)) {
                        cancelTimers();
                        reject(request, response, callback, 413, "request body too large (limit " + maxBytes + " bytes)",
                                false);
                        return;
                    }
                    if (last) {
                        return;
                    }
                    continue;
                }
                if (body.remaining() < bytes.remaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(maxBytes,
                            Math.max(2L * body.capacity(), body.position() + bytes.remaining())));
                    body.flip();
                    bigger.put(body);
                    body = bigger;
                }
                body.put(bytes);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    complete();
                    return;
                }
            }
        }

        private void cancelTimers() {
            deadline.cancel();
            pace.cancel();
        }

        private void fail(int status, String message) {
            if (over.compareAndSet(false, true)) {
                cancelTimers();
                reject(request, response, callback, status, message, true);
            }
        }

        private void complete() {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            cancelTimers();
            body.flip();
            ByteBuffer content = body.asReadOnlyBuffer();
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(content.duplicate());
            } catch (CharacterCodingException e) {
                reject(request, response, callback, 400, "the request body is not valid UTF-8", false);
                return;
            }
            Request buffered = new Buffered(request, content);
            try {
                if (!BodyLimits.super.handle(buffered, response, callback)) {
                    org.eclipse.jetty.server.Response.writeError(buffered, response, callback, 404);
                }
            } catch (Throwable t) {
                callback.failed(t);
            }
        }
    }

    /** The request with its body already in memory. */
    private static final class Buffered extends Request.Wrapper {
        private final ByteBuffer content;
        private boolean read;

        Buffered(Request request, ByteBuffer content) {
            super(request);
            this.content = content;
        }

        @Override
        public long getLength() {
            return content.remaining();
        }

        @Override
        public Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(content, true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public org.eclipse.jetty.http.HttpFields getHeaders() {
            org.eclipse.jetty.http.HttpFields headers = super.getHeaders();
            if (!headers.contains(HttpHeader.TRANSFER_ENCODING)) {
                return headers;
            }
            // the body is whole now: it has a length, and no chunked framing is left to undo
            org.eclipse.jetty.http.HttpFields.Mutable fixed = org.eclipse.jetty.http.HttpFields.build(headers);
            fixed.remove(HttpHeader.TRANSFER_ENCODING);
            fixed.put(new HttpField(HttpHeader.CONTENT_LENGTH, String.valueOf(content.remaining())));
            return fixed;
        }
    }
}
