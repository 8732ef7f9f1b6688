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
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.SpecException;

/**
 * The lab's web server: serves the page, the TeaVM engine bundles and Chart.js (from its webjar,
 * no CDN), and a small API. Built by {@link #create} so tests start it on a free port. Shared links are
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
        public LinkStore store;
        /** Link POSTs ({@code POST /api/links}) per client and minute. */
        public int postsPerMinute = 30;
        /** Spec validations ({@code POST /api/validate}) per client and minute. */
        public int validationsPerMinute = 240;
        /** Open connections one client (an IPv4 address or an IPv6 /64) may hold. */
        public int connectionsPerClient = 64;
        /** Open connections in all (over it, the oldest idle connection makes room: {@link ClientLimits}). */
        public int maxConnections = 4096;
        /** A request's line and headers must be complete within this many milliseconds of their first byte. */
        public long headDeadlineMillis = 10_000;
        /** A connection with nothing to do closes after this many milliseconds. */
        public long idleTimeoutMillis = 30_000;
        /**
         * Host names the server answers to besides IP literals, localhost, this machine's name and
         * {@link #host} ({@code --allowed-hosts}: a reverse proxy's public name); others get 421.
         */
        public Set<String> allowedHosts = Set.of();
        /** A request body must be complete within this many milliseconds … */
        public long bodyDeadlineMillis = 10_000;
        /** … and, after its first second, arrive at least this fast. */
        public long minBodyBytesPerSecond = 256;
        /** The most short links the store takes; further POSTs answer 507. */
        public long maxLinks = 1_000_000;
        /** Health reports the store full below this much free disk. */
        public long minFreeBytes = 16L << 20;
        /** Strict-Transport-Security on HTTPS responses (only with a keystore). */
        public boolean hsts;
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

    public static Javalin create(Config config) {
        LinkStore store = config.store != null ? config.store
                : config.databaseUrl != null ? LinkStore.jdbc(config.databaseUrl, config.databaseUser,
                        config.databasePassword)
                : LinkStore.sqlite(config.dataDirectory);
        boolean ownStore = config.store == null;
        ClientNames clients = new ClientNames(config.trustedProxies);
        RefusalLog refusals = new RefusalLog();
        RateLimiter limiter = new RateLimiter(config.postsPerMinute, config.trustedProxies, System::nanoTime);
        RateLimiter validations = new RateLimiter(config.validationsPerMinute, config.trustedProxies, System::nanoTime);
        Links links = new Links(store, limiter, config.maxLinks, config.minFreeBytes);
        StaticAssets assets = StaticAssets.load(config.staticDirectory);
        String serviceWorkerBuild = assets.serviceWorkerBuild(true);
        return Javalin.create(c -> {
            c.jetty.modifyServer(server -> {
                // bodies are read without a thread (BodyLimits); on stop, the requests that arrived before it
                // (bodies still on their way included: the graceful handler sits outside) finish
                server.insertHandler(new BodyLimits(config.maxRequestSize, config.bodyDeadlineMillis,
                        config.minBodyBytesPerSecond, clients, refusals));
                server.insertHandler(new HttpRules(HttpRules.names(config.host, config.allowedHosts), clients, refusals));
                server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                server.setStopTimeout(10_000);
                server.setErrorHandler(new ErrorPages(refusals));
                server.addBean(refusals);
                server.addBean(new ClientLimits(server, config.connectionsPerClient, config.maxConnections,
                        config.headDeadlineMillis, config.idleTimeoutMillis, clients, refusals));
            });
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
                c.events.serverStopped(() -> {
                    store.checkpoint();
                    store.close();
                });
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
            c.routes.before(ctx -> Http.securityHeaders(ctx, config.hsts));
            c.routes.before(ctx -> Http.sameOriginPosts(ctx, clients, refusals));
            io.javalin.http.Handler health = ctx -> {
                String state = store.health(config.minFreeBytes);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("status", state.equals("ok") ? "ok" : "degraded");
                out.put("store", state);
                Http.json(ctx, state.equals("ok") ? 200 : 503, out);
            };
            // the service worker's cache version and file list (web/sw.js imports it)
            io.javalin.http.Handler version = ctx -> {
                ctx.header("Cache-Control", "no-cache");
                ctx.contentType("text/javascript");
                ctx.result(serviceWorkerBuild);
            };
            io.javalin.http.Handler presets = ctx -> {
                ctx.contentType("application/json");
                ctx.result(saddlelab.experiment.figures.Presets.json());
            };
            // HEAD answers what GET would, status included
            c.routes.get("/api/health", health);
            c.routes.head("/api/health", health);
            // Chart.js from its webjar (StaticAssets: the version lives in the pom only)
            io.javalin.http.Handler vendor = ctx -> {
                byte[] bytes = assets.vendored(ctx.path().substring(1));
                String etag = "\"" + assets.version() + "\"";
                ctx.header("Cache-Control", "no-cache");
                ctx.header("ETag", etag);
                if (etag.equals(ctx.header("If-None-Match"))) {
                    ctx.status(304);
                    return;
                }
                ctx.contentType("text/javascript");
                ctx.result(bytes);
            };
            c.routes.get("/" + StaticAssets.CHART_JS, vendor);
            c.routes.head("/" + StaticAssets.CHART_JS, vendor);
            c.routes.get("/sw-version.js", version);
            c.routes.head("/sw-version.js", version);
            c.routes.post("/api/validate", ctx -> validate(ctx, validations));
            c.routes.get("/api/presets", presets);
            c.routes.head("/api/presets", presets);
            c.routes.post("/api/links", links::post);
            c.routes.get("/api/links/{id}", links::get);
            c.routes.head("/api/links/{id}", links::get);
            c.routes.get("/l/{id}", links::open);
            c.routes.head("/l/{id}", links::open);
            // the first release's routes, for the links handed out with it
            c.routes.post("/api/presets", Links::redirectOld);
            c.routes.get("/api/presets/{id}", Links::redirectOld);
            c.routes.head("/api/presets/{id}", Links::redirectOld);
            c.routes.get("/p/{id}", links::open);
            c.routes.head("/p/{id}", links::open);
            c.routes.exception(java.sql.SQLException.class, (e, ctx) -> {
                LoggerFactory.getLogger(LabServer.class).error("link store: {}", e.getMessage());
                ctx.header("Retry-After", "5");
                Http.json(ctx, 503, Http.errorBody("the link store is unavailable; try again", ""));
            });
            // unknown routes and methods, as the API's error (Javalin's own would echo "Endpoint TRACE / not found")
            c.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> Http.json(ctx, e.getStatus(),
                    Http.errorBody(e.getStatus() == 404 ? "not found" : Http.message(e.getStatus(),
                            io.javalin.http.HttpStatus.forStatus(e.getStatus()).getMessage()), "")));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LoggerFactory.getLogger(LabServer.class).error("unexpected", e);
                Http.json(ctx, 500, Http.errorBody("internal error", ""));
            });
        });
    }

    /** The proxies of {@code --trust-proxy ADDR,…}: each entry trimmed, IP literals in one spelling. */
    public static Set<String> proxies(String list) {
        return ClientNames.proxies(list);
    }

    /**
     * Null when the server can listen on {@code host}, else why not: an IP literal must be one of this
     * machine's (or the wildcard), a name must resolve to one.
     */
    public static String checkHost(String host) {
        java.net.InetAddress a = ClientNames.literal(host);
        try {
            if (a == null) {
                if (host.matches("[0-9.]+")) {
                    return "not an IP address";
                }
                a = java.net.InetAddress.getByName(host); // a name from the command line: resolving it is the point
            }
            if (a.isAnyLocalAddress() || a.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(a) != null) {
                return null;
            }
            return "not an address of this machine";
        } catch (java.net.UnknownHostException e) {
            return "unknown host";
        } catch (java.net.SocketException e) {
            return "cannot list this machine's addresses (" + e.getMessage() + ")";
        }
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

    /** Connections the server holds open now (diagnostics, and the tests that check none is left counted). */
    public static int openConnections(Javalin app) {
        ClientLimits limits = app.jettyServer().server().getBean(ClientLimits.class);
        return limits == null ? 0 : limits.total();
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
        out.add(scheme + "://" + (all ? "localhost" : host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]"
                : host) + ":" + port + "/");
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

    private static void validate(Context ctx, RateLimiter limiter) {
        String client = limiter.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        if (!limiter.tryAcquire(client)) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, limiter.retryAfterSeconds(client))));
            Http.json(ctx, 429, Http.errorBody("too many validations from this address; try again in a minute", ""));
            return;
        }
        String body = Http.body(ctx);
        if (body == null) {
            return;
        }
        try {
            ExperimentSpec spec = ExperimentSpec.parse(body);
            saddlelab.experiment.run.Budget.Estimate estimate = saddlelab.experiment.run.Budget.BROWSER.check(spec);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("canonical", spec.toMap());
            out.put("estimate", estimate.toMap());
            Http.json(ctx, 200, out);
        } catch (SpecException e) {
            Http.json(ctx, 400, Http.errorBody(e.getMessage(), e.field()));
        }
    }


}
