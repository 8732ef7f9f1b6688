package saddlelab.server;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import saddlelab.experiment.spec.Json;

/**
 * The server's HTTP helpers, in one place for every resource and handler: the security headers and
 * the page's and worker's CSP, the same-origin rule for POSTs, the API's JSON error ({@code {"error",
 * "field"}}) written from a route or from below the routes, and the request body with its size limit.
 */
final class Http {
    private Http() {
    }

    /**
     * The page's policy: nothing by default; scripts, styles, images, workers, the manifest and requests
     * from this origin only; no inline script, no eval, no forms, no frames.
     */
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
    /**
     * The engine worker's policy. TeaVM's wasm-gc loader builds its JS glue with {@code new Function},
     * which needs {@code 'unsafe-eval'} (and compiling the module needs {@code 'wasm-unsafe-eval'});
     * the exception is confined to the worker, whose scripts all come from this origin.
     */
    static final String WORKER_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'";
    static final String WORKER_SCRIPT = "/engine-worker.js";

    /** The headers every response carries, besides its CSP (cross-origin isolation, no sniffing, no referrer). */
    static final String[][] HEADERS = {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"}, {"Cross-Origin-Embedder-Policy", "require-corp"},
        {"Cross-Origin-Resource-Policy", "same-origin"}};

    /** A route's response: {@link #HEADERS}, the CSP of the page or of the worker, caching, HSTS. */
    static void securityHeaders(Context ctx, boolean hsts) {
        String path = ctx.path();
        for (String[] h : HEADERS) {
            ctx.header(h[0], h[1]);
        }
        ctx.header("Content-Security-Policy", path.equals(WORKER_SCRIPT) ? WORKER_CSP : PAGE_CSP);
        if (path.startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        } else {
            ctx.header("Vary", "Accept-Encoding"); // static files may be served compressed
        }
        if (hsts && ctx.req().isSecure()) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /**
     * A POST must be JSON and come from this origin: a cross-site page could otherwise store links in a
     * student's name (a {@code text/plain} form POST needs no preflight). Browsers send
     * {@code Sec-Fetch-Site}; an {@code Origin} that is not this server's is refused too.
     */
    static void sameOriginPosts(Context ctx, ClientNames clients, RefusalLog refusals) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        String origin = ctx.header("Origin");
        String own = ctx.scheme() + "://" + ctx.host();
        if ("cross-site".equals(site) || "same-site".equals(site) || origin != null && !origin.equals("null")
                && !origin.equalsIgnoreCase(own)) {
            reply(ctx, clients, refusals, 403, "cross-origin requests are not accepted");
            return;
        }
        String type = ctx.header("Content-Type");
        if (type == null || !type.split(";")[0].trim().equalsIgnoreCase("application/json")) {
            reply(ctx, clients, refusals, 415, "send the body as application/json");
        }
    }

    /** Answers and ends the request here (a before-handler's refusal), counted in the refusal log. */
    static void reply(Context ctx, ClientNames clients, RefusalLog refusals, int status, String message) {
        refusals.refused(clients.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For")), status,
                ctx.method() + " " + ctx.path() + ": " + message);
        json(ctx, status, errorBody(message, ""));
        ctx.skipRemainingHandlers();
    }

    /** The request body, or null after answering 413 when it is larger than the limit. */
    static String body(Context ctx) {
        try {
            return ctx.body();
        } catch (RuntimeException e) {
            json(ctx, 413, errorBody("request body too large", ""));
            return null;
        }
    }

    static Map<String, Object> errorBody(String message, String field) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("field", field);
        return m;
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(Json.write(body));
    }    /** The headers every response carries (the page's CSP by default; see {@link #securityHeaders}). */
    static void secure(HttpFields.Mutable headers, String csp) {
        for (String[] h : HEADERS) {
            headers.put(h[0], h[1]);
        }
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
        secure(headers, PAGE_CSP);
        if (close) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
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
