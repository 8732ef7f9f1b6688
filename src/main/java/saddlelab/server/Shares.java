package saddlelab.server;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import saddlelab.experiment.SharedPreset;
import saddlelab.experiment.SpecException;

/**
 * Short links: {@code POST /api/presets} stores a preset (validated by the engine's own classes) under
 * its content address, {@code GET /api/presets/{id}} returns it (immutable), {@code GET /p/{id}}
 * opens the lab on it. Client mistakes get a 4xx with {@code {error, field}}; only a failing
 * database gives a 503.
 */
final class Shares {
    private final PresetStore store;
    private final RateLimiter limiter;
    private final long maxLinks;
    /** Links stored, counted once at start and then kept up to date (the cap need not be exact). */
    private final java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong(-1);

    Shares(PresetStore store, RateLimiter limiter, long maxLinks) {
        this.store = store;
        this.limiter = limiter;
        this.maxLinks = maxLinks;
    }

    void post(Context ctx) throws SQLException {
        String client = limiter.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        if (!limiter.tryAcquire(client)) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, limiter.retryAfterSeconds(client))));
            LabServer.json(ctx, 429, LabServer.errorBody("too many presets from this address; try again in a minute", ""));
            return;
        }
        String body = LabServer.body(ctx);
        if (body == null) {
            return;
        }
        SharedPreset preset;
        try {
            preset = SharedPreset.parse(body);
        } catch (SpecException e) {
            LabServer.json(ctx, 400, LabServer.errorBody(e.getMessage(), e.field()));
            return;
        }
        if (stored.get() < 0) {
            stored.compareAndSet(-1, store.count());
        }
        if (stored.get() >= maxLinks && store.get(preset.id).isEmpty()) {
            LabServer.json(ctx, 507, LabServer.errorBody("the link store is full (" + maxLinks + " links); the links that "
                    + "carry their spec in the URL still work", ""));
            return;
        }
        boolean created = store.put(preset.id, preset.document);
        if (created) {
            stored.incrementAndGet();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", preset.id);
        out.put("url", "/p/" + preset.id);
        ctx.header("Location", "/api/presets/" + preset.id);
        LabServer.json(ctx, created ? 201 : 200, out);
    }

    void get(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        if (!SharedPreset.isId(id)) {
            LabServer.json(ctx, 400, LabServer.errorBody("not a preset id: " + SharedPreset.ID_LENGTH
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
        Optional<String> doc = store.get(id);
        if (doc.isEmpty()) {
            LabServer.json(ctx, 404, LabServer.errorBody("no preset " + id, "id"));
            return;
        }
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.header("ETag", etag);
        ctx.contentType("application/json");
        ctx.result(doc.get());
    }

    /** The lab's page on the preset: the page reads {@code ?preset=ID} and fetches it. */
    void open(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        if (!SharedPreset.isId(id)) {
            ctx.status(400).contentType("text/plain; charset=utf-8").result("not a preset id");
            return;
        }
        if (store.get(id).isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no preset with this id");
            return;
        }
        ctx.redirect("/?preset=" + id, io.javalin.http.HttpStatus.SEE_OTHER);
    }
}
