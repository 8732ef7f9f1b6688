package saddlelab.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import saddlelab.experiment.Json;

/**
 * Errors answered below the routes — by {@link BodyLimits}, and by Jetty itself (a malformed request
 * line, headers too large, a URI it refuses) — as the API answers them: {@code {"error", "field"}} JSON
 * with the lab's security headers, never Jetty's HTML page or a stack trace.
 */
final class ErrorPages extends ErrorHandler {
    /** The headers every response carries (the page's CSP by default; see {@link LabServer#securityHeaders}). */
    static void secure(HttpFields.Mutable headers, String csp) {
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Embedder-Policy", "require-corp");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Content-Security-Policy", csp);
    }

    static void write(Response response, Callback callback, int status, String message, boolean close) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", "");
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        secure(headers, LabServer.PAGE_CSP);
        if (close) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private final RefusalLog refusals;

    ErrorPages(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ERROR_MESSAGE);
        Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
        String detail = reason != null ? reason : cause != null && cause.getMessage() != null ? cause.getMessage()
                : org.eclipse.jetty.http.HttpStatus.getMessage(status);
        if (status < 500) {
            refusals.refused(ClientNames.key(Request.getRemoteAddr(request)), status, request.getMethod() + " "
                    + request.getHttpURI().getPath() + ": " + detail);
        }
        write(response, callback, status, message(status, detail), status == 400 || status == 408 || status == 413
                || status == 431 || status == 505);
        return true;
    }

    /**
     * What an error says: a client's mistake in Jetty's words (never echoing the request: Jetty's reasons
     * name the limit, not the input), a server-side status as what it truly is, never a stack trace.
     */
    static String message(int status, String detail) {
        switch (status) {
            case 505:
                return "HTTP version not supported: this server speaks HTTP/1.1 and HTTP/1.0";
            case 501:
                return "not implemented: this server does not support that request";
            case 503:
                return "the server is stopping or busy; try again shortly";
            default:
                return status >= 500 ? "internal error" : RefusalLog.clip(detail, 120).toLowerCase(java.util.Locale.ROOT);
        }
    }
}
