package saddlelab.server;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import saddlelab.experiment.documents.Link;
import saddlelab.experiment.spec.SpecException;

/**
 * The links resource: {@code POST /api/links} stores a link (a spec validated by the engine's own
 * classes, with its title and description) under its content address, {@code GET /api/links/{id}}
 * returns it (immutable), {@code GET /l/{id}} opens the lab on it ({@code ?link=ID}: the page shows
 * what went wrong when the id is unknown). Client mistakes get a 4xx with {@code {error, field}}. A POST
 * is refused as {@code /api/health} says it would be: 507 when the store's disk is full (or fills during
 * the write), 503 when the store is read-only or unreachable; a stored document that no longer matches its
 * id is never served (500, naming the damage). The routes of the first release ({@code /api/presets/{id}},
 * {@code /p/{id}}) redirect here, so links handed out before keep working.
 */
final class Links {
    private final LinkStore store;
    private final RateLimiter limiter;
    private final long maxLinks;
    private final long minFreeBytes;
    /** Links stored, counted once at start and then kept up to date (the cap need not be exact). */
    private final java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong(-1);

    Links(LinkStore store, RateLimiter limiter, long maxLinks, long minFreeBytes) {
        this.minFreeBytes = minFreeBytes;
        this.store = store;
        this.limiter = limiter;
        this.maxLinks = maxLinks;
    }

    void post(Context ctx) throws SQLException {
        String client = limiter.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        if (!limiter.tryAcquire(client)) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, limiter.retryAfterSeconds(client))));
            Http.json(ctx, 429, Http.errorBody("too many links from this address; try again in a minute", ""));
            return;
        }
        String body = Http.body(ctx);
        if (body == null) {
            return;
        }
        Link link;
        try {
            link = Link.parse(body);
        } catch (SpecException e) {
            Http.json(ctx, 400, Http.errorBody(e.getMessage(), e.field()));
            return;
        }
        String health = store.health(minFreeBytes);
        if (health.equals("full")) {
            full(ctx);
            return;
        }
        if (!health.equals("ok")) {
            ctx.header("Retry-After", "60");
            Http.json(ctx, 503, Http.errorBody("the link store cannot take links now (" + health + "); the "
                    + "links that carry their spec in the URL still work", ""));
            return;
        }
        if (stored.get() < 0) {
            stored.compareAndSet(-1, store.count());
        }
        if (stored.get() >= maxLinks && store.get(link.id).isEmpty()) {
            Http.json(ctx, 507, Http.errorBody("the link store is full (" + maxLinks + " links); the links that "
                    + "carry their spec in the URL still work", ""));
            return;
        }
        boolean created;
        try {
            created = store.put(link.id, link.document);
        } catch (SQLException e) {
            if (!LinkStore.isFull(e)) {
                throw e;
            }
            full(ctx);
            return;
        }
        if (created) {
            stored.incrementAndGet();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", link.id);
        out.put("url", "l/" + link.id); // relative: the lab may be hosted under a sub-path
        ctx.header("Location", "links/" + link.id);
        Http.json(ctx, created ? 201 : 200, out);
    }

    private static void full(Context ctx) {
        Http.json(ctx, 507, Http.errorBody("the link store's disk is full; the links that carry their spec "
                + "in the URL still work", ""));
    }

    void get(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        if (!Link.isId(id)) {
            Http.json(ctx, 400, Http.errorBody("not a link id: " + Link.ID_LENGTH
                    + " characters of A–Z a–z 0–9 - _", "id"));
            return;
        }
        String etag = "\"" + id + "\"";
        // content-addressed: the answer for this id never changes, so a known ETag needs no lookup
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.header("Cache-Control", "public, max-age=31536000, immutable");
            ctx.header("ETag", etag);
            ctx.status(304);
            return;
        }
        Optional<String> doc;
        try {
            doc = store.get(id);
        } catch (LinkStore.DamagedLinkException e) {
            Http.json(ctx, 500, Http.errorBody(e.getMessage() + "; it is not served, and the server's log "
                    + "says so", "id"));
            return;
        }
        if (doc.isEmpty()) {
            Http.json(ctx, 404, Http.errorBody("no link " + id, "id"));
            return;
        }
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.header("ETag", etag);
        ctx.contentType("application/json");
        ctx.result(doc.get());
    }

    /**
     * The lab's page on the link. Always a redirect, even for an id that is malformed or unknown: the
     * page fetches the link and says what is wrong, with the lab around it (never a bare text page).
     */
    void open(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.redirect("../?link=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8),
                io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** {@code /api/presets/{id}} of the first release (GET, HEAD; POST to {@code /api/presets}): 308 keeps the method. */
    static void redirectOld(Context ctx) {
        if (ctx.pathParamMap().containsKey("id")) {
            String id = ctx.pathParam("id");
            if (!Link.isId(id)) {
                Http.json(ctx, 400, Http.errorBody("not a link id: " + Link.ID_LENGTH
                        + " characters of A–Z a–z 0–9 - _", "id"));
                return;
            }
            // relative, so a lab hosted under a sub-path redirects within it
            ctx.redirect("../links/" + id, io.javalin.http.HttpStatus.PERMANENT_REDIRECT);
        } else {
            ctx.redirect("links", io.javalin.http.HttpStatus.PERMANENT_REDIRECT);
        }
    }
}
