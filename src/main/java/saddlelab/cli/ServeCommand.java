package saddlelab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import saddlelab.server.LabServer;

/** {@code serve}: starts the lab's server (embedded SQLite by default) and keeps running until SIGTERM or Ctrl-C. */
final class ServeCommand implements Command {
    /** Exit code meaning "a server is running; keep the JVM alive". */
    static final int SERVING = -1;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "serve [--port 7070] [--host 127.0.0.1]   start the lab (open the printed URL)",
                "      [--data DIR]                       embedded link database in DIR (default ./data)",
                "      [--db jdbc:postgresql://… --db-user U]  PostgreSQL instead (password: $SADDLE_LAB_DB_PASSWORD)",
                "      [--posts-per-minute 30] [--validations-per-minute 240] [--connections-per-client 64]",
                "      [--max-links 1000000] [--trust-proxy ADDR,…]  limits per client; believe X-Forwarded-For from ADDR",
                "      [--allowed-hosts NAME,…]           host names to answer besides this machine's (a proxy's public name)",
                "      [--tls-keystore FILE --tls-password P] [--tls-port 7443] [--hsts]  also serve HTTPS");
    }

    @Override
    public Options options() {
        return new Options(name()).value("--port").value("--host").value("--data").value("--db").value("--db-user")
                .value("--posts-per-minute").value("--validations-per-minute").value("--connections-per-client")
                .value("--max-links").value("--trust-proxy").value("--allowed-hosts").value("--tls-keystore").value("--tls-password")
                .value("--tls-port").flag("--hsts");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) {
        LabServer.Config config = new LabServer.Config();
        config.port = (int) o.integer("--port", 0, 65535, config.port);
        config.host = o.string("--host", config.host);
        if (o.has("--data")) {
            config.dataDirectory = Path.of(o.string("--data", null));
        }
        config.databaseUrl = o.string("--db", null);
        config.databaseUser = o.string("--db-user", null);
        config.postsPerMinute = (int) o.integer("--posts-per-minute", 1, 1_000_000, config.postsPerMinute);
        config.validationsPerMinute = (int) o.integer("--validations-per-minute", 1, 1_000_000, config.validationsPerMinute);
        config.connectionsPerClient = (int) o.integer("--connections-per-client", 1, 100_000, config.connectionsPerClient);
        config.maxLinks = o.integer("--max-links", 1, Integer.MAX_VALUE, config.maxLinks);
        if (o.has("--trust-proxy")) {
            config.trustedProxies = LabServer.proxies(o.string("--trust-proxy", ""));
        }
        if (o.has("--allowed-hosts")) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            for (String n : o.string("--allowed-hosts", "").split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
            config.allowedHosts = names;
        }
        if (o.has("--tls-keystore")) {
            config.tlsKeystore = Path.of(o.string("--tls-keystore", null));
        }
        config.tlsPassword = o.string("--tls-password", null);
        config.tlsPort = (int) o.integer("--tls-port", 0, 65535, config.tlsPort);
        config.hsts = o.has("--hsts");
        if (config.hsts && config.tlsKeystore == null) {
            throw new Options.UsageError("--hsts needs --tls-keystore: browsers ignore HSTS on plain HTTP");
        }
        String host = LabServer.checkHost(config.host);
        if (host != null) {
            err.println("cannot listen on " + config.host + ": " + host);
            return 2;
        }
        // a password on the command line would show in the process list: read it from the environment
        config.databasePassword = System.getenv("SADDLE_LAB_DB_PASSWORD");
        if (config.tlsKeystore != null && config.tlsPassword == null) {
            config.tlsPassword = System.getenv("SADDLE_LAB_TLS_PASSWORD");
        }
        io.javalin.Javalin app;
        try {
            app = LabServer.start(config);
        } catch (io.javalin.util.JavalinBindException e) {
            err.println("cannot start the lab: port " + config.port + " is in use (another lab, or another program, "
                    + "listens there); choose another with --port");
            return 1;
        } catch (RuntimeException e) {
            err.println("cannot start the lab: " + e.getMessage());
            return 1;
        }
        stopOnSignal(app, "TERM");
        stopOnSignal(app, "INT");
        return SERVING;
    }

    /**
     * SIGTERM (and Ctrl-C): stop accepting, let the requests in flight finish, fold the database's log
     * into its file (the server's stop event), say so, and exit 0.
     */
    private static void stopOnSignal(io.javalin.Javalin app, String signal) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> {
                System.out.println("stopping: no new connections; finishing the requests in flight");
                try {
                    app.stop();
                    System.out.println("stopped");
                    System.exit(0);
                } catch (RuntimeException e) {
                    System.err.println("stopping failed: " + e.getMessage());
                    System.exit(1);
                }
            }, "stop-on-" + signal.toLowerCase(java.util.Locale.ROOT)).start());
        } catch (IllegalArgumentException e) {
            // this platform has no such signal: the JVM's default stands
        }
    }
}
