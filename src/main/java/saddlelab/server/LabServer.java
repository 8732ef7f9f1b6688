package saddlelab.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Json;
import saddlelab.experiment.SpecException;

/**
 * The lab's web server: serves the page, the TeaVM engine bundles and Chart.js (from its webjar,
 * no CDN), and a small API. Built by {@link #create} so tests start it on a free port. Presets are
 * validated with the very {@link ExperimentSpec} the browser runs.
 */
public final class LabServer {
    private LabServer() {
    }

    public static final class Config {
        public String host = "127.0.0.1";
        public int port = 7070;
        /** Largest accepted request body, bytes. */
        public long maxRequestSize = 16 * 1024;
        /** Where the embedded database lives ({@code presets.sqlite}). */
        public Path dataDirectory = Path.of("data");
        /** A JDBC URL ({@code jdbc:postgresql://host/db}) instead of the embedded file; null for the default. */
        public String databaseUrl;
        public String databaseUser;
        public String databasePassword;
        /** A store opened by the caller (tests, benchmarks); the server then does not close it. */
        public PresetStore store;
        /** Preset POSTs per client and minute. */
        public int postsPerMinute = 30;
        /** Proxies whose {@code X-Forwarded-For} is believed (socket addresses); empty: none. */
        public Set<String> trustedProxies = Set.of();
    }

    /** The page's policy: nothing but this origin; no inline script, no eval. */
    static final String PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    /**
     * The engine worker's policy. TeaVM's wasm-gc loader builds its JS glue with {@code new Function},
     * which needs {@code 'unsafe-eval'} (and compiling the module needs {@code 'wasm-unsafe-eval'});
     * the exception is confined to the worker, whose scripts all come from this origin.
     */
    static final String WORKER_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'";
    static final String WORKER_SCRIPT = "/engine-worker.js";

    public static Javalin create(Config config) {
        PresetStore store = config.store != null ? config.store
                : config.databaseUrl != null ? PresetStore.jdbc(config.databaseUrl, config.databaseUser,
                        config.databasePassword)
                : PresetStore.sqlite(config.dataDirectory);
        boolean ownStore = config.store == null;
        RateLimiter limiter = new RateLimiter(config.postsPerMinute, config.trustedProxies, System::nanoTime);
        Shares shares = new Shares(store, limiter);
        return Javalin.create(c -> {
            if (ownStore) {
                c.events.serverStopped(store::close);
            }
            c.http.maxRequestSize = config.maxRequestSize;
            c.startup.showJavalinBanner = false;
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/static";
                s.location = Location.CLASSPATH;
                s.mimeTypes.add("application/wasm", "wasm");
                s.mimeTypes.add("text/javascript", "js");
                s.headers = Map.of("Cache-Control", "no-cache"); // revalidate (ETag): bundles change with each build
            });
            c.staticFiles.add(s -> {
                s.hostedPath = "/webjars";
                s.directory = "META-INF/resources/webjars";
                s.location = Location.CLASSPATH;
                // the version is in the path, so the content never changes
                s.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
            });
            c.routes.before(LabServer::securityHeaders);
            c.routes.get("/api/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
            c.routes.post("/api/validate", LabServer::validate);
            c.routes.get("/api/presets", ctx -> {
                ctx.contentType("application/json");
                ctx.result(saddlelab.experiment.Presets.json());
            });
            c.routes.post("/api/presets", shares::post);
            c.routes.get("/api/presets/{id}", shares::get);
            c.routes.get("/p/{id}", shares::open);
            c.routes.exception(java.sql.SQLException.class, (e, ctx) -> {
                LoggerFactory.getLogger(LabServer.class).error("preset store: {}", e.getMessage());
                ctx.header("Retry-After", "5");
                json(ctx, 503, errorBody("the preset store is unavailable; try again", ""));
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                LoggerFactory.getLogger(LabServer.class).error("unexpected", e);
                json(ctx, 500, errorBody("internal error", ""));
            });
        });
    }

    /** Starts the server and logs the URL to open. */
    public static Javalin start(Config config) {
        Javalin app = create(config).start(config.host, config.port);
        String shown = config.host.equals("0.0.0.0") ? "localhost" : config.host;
        System.out.println("Saddle-to-Saddle Lab running: open http://" + shown + ":" + app.port() + "/");
        return app;
    }

    static void securityHeaders(Context ctx) {
        String path = ctx.path();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Embedder-Policy", "require-corp");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Content-Security-Policy", path.equals(WORKER_SCRIPT) ? WORKER_CSP : PAGE_CSP);
        if (path.startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static void validate(Context ctx) {
        String body = body(ctx);
        if (body == null) {
            return;
        }
        try {
            ExperimentSpec spec = ExperimentSpec.parse(body);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("canonical", spec.toMap());
            json(ctx, 200, out);
        } catch (SpecException e) {
            json(ctx, 400, errorBody(e.getMessage(), e.field()));
        }
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
    }
}
