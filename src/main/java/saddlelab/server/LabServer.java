package saddlelab.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        /** Serve the page from this directory instead of the jar (a customized or rebuilt copy). */
        public Path staticDirectory;
        /**
         * HTTPS (service workers and cross-origin isolation on a LAN need a secure context), on
         * {@link #tlsPort} beside plain HTTP on {@link #host}:{@link #port}.
         */
        public Path tlsKeystore;
        public String tlsPassword;
        public int tlsPort = 7443;
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
        StaticAssets assets = StaticAssets.load(config.staticDirectory);
        String serviceWorkerBuild = assets.serviceWorkerBuild(true);
        return Javalin.create(c -> {
            if (config.tlsKeystore != null) {
                // with a connector of its own Jetty adds no default one: the plain-HTTP connector too
                c.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.server.ServerConnector plain = new org.eclipse.jetty.server.ServerConnector(server,
                            new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    plain.setHost(config.host);
                    plain.setPort(config.port);
                    return plain;
                });
                c.jetty.addConnector((server, http) -> tlsConnector(server, http, config));
            }
            if (ownStore) {
                c.events.serverStopped(store::close);
            }
            c.http.maxRequestSize = config.maxRequestSize;
            c.startup.showJavalinBanner = false;
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = config.staticDirectory != null ? config.staticDirectory.toAbsolutePath().toString() : "/static";
                s.location = config.staticDirectory != null ? Location.EXTERNAL : Location.CLASSPATH;
                s.mimeTypes.add("application/wasm", "wasm");
                s.mimeTypes.add("text/javascript", "js");
                s.mimeTypes.add("application/manifest+json", "webmanifest");
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
            // the service worker's cache version and file list (web/sw.js imports it)
            c.routes.get("/sw-version.js", ctx -> {
                ctx.header("Cache-Control", "no-cache");
                ctx.contentType("text/javascript");
                ctx.result(serviceWorkerBuild);
            });
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

    /** Starts the server and prints the URLs to open (in room mode, the ones students can reach). */
    public static Javalin start(Config config) {
        Javalin app = create(config).start(config.host, config.port);
        List<String> urls = urls(config.host, httpPort(app), "http");
        System.out.println("Saddle-to-Saddle Lab running: open " + urls.get(0));
        if (urls.size() > 1) {
            System.out.println("Students on this network can open: " + String.join("  ", urls.subList(1, urls.size())));
        }
        if (config.tlsKeystore != null) {
            List<String> secure = urls(config.host, config.tlsPort, "https");
            System.out.println("HTTPS (offline use and installing on students' machines): "
                    + String.join("  ", secure));
        }
        return app;
    }

    /** The plain-HTTP port (with HTTPS on too, {@code app.port()} may name the TLS connector's). */
    public static int httpPort(Javalin app) {
        for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.ServerConnector
                    && ((org.eclipse.jetty.server.ServerConnector) c).getConnectionFactory(
                            org.eclipse.jetty.server.SslConnectionFactory.class) == null) {
                return ((org.eclipse.jetty.server.ServerConnector) c).getLocalPort();
            }
        }
        return app.port();
    }

    /**
     * The addresses the lab answers on: this machine first, then, when bound to every interface
     * ({@code 0.0.0.0}), each IPv4 address of an interface that is up (what students type).
     */
    public static List<String> urls(String host, int port, String scheme) {
        List<String> out = new java.util.ArrayList<>();
        boolean all = host.equals("0.0.0.0") || host.equals("::");
        out.add(scheme + "://" + (all ? "localhost" : host) + ":" + port + "/");
        if (all) {
            try {
                for (java.net.NetworkInterface ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                    if (!ni.isUp() || ni.isLoopback()) {
                        continue;
                    }
                    for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
                        if (a instanceof java.net.Inet4Address) {
                            out.add(scheme + "://" + a.getHostAddress() + ":" + port + "/");
                        }
                    }
                }
            } catch (java.net.SocketException e) {
                // no interface list: the local URL is still right
            }
        }
        return out;
    }

    /** An HTTPS connector from a PKCS#12 or JKS keystore, beside the plain HTTP one. */
    private static org.eclipse.jetty.server.Connector tlsConnector(org.eclipse.jetty.server.Server server,
            org.eclipse.jetty.server.HttpConfiguration http, Config config) {
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStorePath(config.tlsKeystore.toAbsolutePath().toString());
        ssl.setKeyStorePassword(config.tlsPassword == null ? "" : config.tlsPassword);
        org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration(http);
        https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server, ssl,
                new org.eclipse.jetty.server.HttpConnectionFactory(https));
        connector.setHost(config.host);
        connector.setPort(config.tlsPort);
        return connector;
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
