package saddlelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Results;
import saddlelab.experiment.Run;
import saddlelab.experiment.SpecException;
import saddlelab.server.LabServer;

/**
 * The command line: {@code run SPEC.json [--out FILE]}, {@code bench}, {@code serve}. A thin
 * adapter: the runs are the shared engine's; this class only reads files, spreads seeds over
 * threads and reports progress.
 */
public final class Main {
    private Main() {
    }

    /** Exit code meaning "a server is running; keep the JVM alive". */
    static final int SERVING = -1;

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err);
        if (code != SERVING) {
            System.exit(code);
        }
    }

    static final String USAGE = String.join("\n",
            "usage: java -jar saddle-lab.jar <command>",
            "  serve [--port 7070] [--host 127.0.0.1]   start the lab (open the printed URL)",
            "        [--data DIR]                       embedded preset database in DIR (default ./data)",
            "        [--db jdbc:postgresql://… --db-user U]  PostgreSQL instead (password: $SADDLE_LAB_DB_PASSWORD)",
            "        [--posts-per-minute 30] [--trust-proxy ADDR,…]  share limit per client; believe X-Forwarded-For from ADDR",
            "        [--tls-keystore FILE --tls-password P] [--tls-port 7443]  also serve HTTPS (a room's secure context)",
            "  export-static DIR                        the lab as a folder for any static web server (no short links)",
            "  loadbench [--seconds 5] [--clients 8]    GET and POST throughput and p99 latency of the preset API",
            "  run SPEC.json [--out results.json] [--large]  train on the JVM, write the results JSON (--large: past",
            "                                           the command line's budget of 1e15 multiply–adds and 32 GB a run)",
            "  run --preset NAME [--quick] [--out FILE] run a built-in preset (one entry per configuration)",
            "  run SPEC.json --sweep FIELD=V1,V2,…      one configuration per value (e.g. init.gamma=0.75,1,2)",
            "  presets                                  list the built-in presets (fig1, fig2, …)",
            "  greedy SPEC.json [--out FILE] [--epsilon 0.1] [--tolerance 1e-6] [--steps-per-stage N]",
            "                                           the greedy low-rank algorithm for the spec's task and depth",
            "  geometry SPEC.json [--widths 10,30,100,300,1000] [--gammas 0.8,1,2] [--seeds 3]",
            "                                           Theorem 1: distances to saddle and minimum against w",
            "  escape SPEC.json [--alphas 1e-2,3e-3,1e-3,3e-4,1e-4] [--r R]",
            "                                           escape time t_α of the gradient flow against α",
            "  bench                                    gradient steps/s of the engine kernels on the JVM (one thread,",
            "                                           and seeds on all cores); the full comparison: see docs/performance.md");

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        switch (args[0]) {
            case "run":
                return runCommand(args, out, err);
            case "greedy":
                return greedyCommand(args, out, err);
            case "presets":
                for (saddlelab.experiment.Presets.Preset p : saddlelab.experiment.Presets.all()) {
                    out.println(p.name + "\t" + p.title);
                }
                return 0;
            case "geometry":
            case "escape":
                return GeometryCommand.run(args, out, err);
            case "bench":
                Bench.run(out);
                return 0;
            case "loadbench":
                return LoadBench.run(args, out, err);
            case "export-static":
                return exportStatic(args, out, err);
            case "serve":
                return serve(args, err);
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                return 0;
            default:
                err.println("unknown command: " + args[0]);
                err.println(USAGE);
                return 2;
        }
    }

    private static int serve(String[] args, PrintStream err) {
        LabServer.Config config = new LabServer.Config();
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--port":
                        config.port = integer(args, ++i, "--port", 0, 65535);
                        break;
                    case "--host":
                        config.host = value(args, ++i, "--host");
                        break;
                    case "--data":
                        config.dataDirectory = Path.of(value(args, ++i, "--data"));
                        break;
                    case "--db":
                        config.databaseUrl = value(args, ++i, "--db");
                        break;
                    case "--db-user":
                        config.databaseUser = value(args, ++i, "--db-user");
                        break;
                    case "--posts-per-minute":
                        config.postsPerMinute = integer(args, ++i, "--posts-per-minute", 1, 1_000_000);
                        break;
                    case "--validations-per-minute":
                        config.validationsPerMinute = integer(args, ++i, "--validations-per-minute", 1, 1_000_000);
                        break;
                    case "--connections-per-client":
                        config.connectionsPerClient = integer(args, ++i, "--connections-per-client", 1, 100_000);
                        break;
                    case "--max-links":
                        config.maxLinks = integer(args, ++i, "--max-links", 1, Integer.MAX_VALUE);
                        break;
                    case "--trust-proxy":
                        config.trustedProxies = LabServer.proxies(value(args, ++i, "--trust-proxy"));
                        break;
                    case "--tls-keystore":
                        config.tlsKeystore = Path.of(value(args, ++i, "--tls-keystore"));
                        break;
                    case "--tls-password":
                        config.tlsPassword = value(args, ++i, "--tls-password");
                        break;
                    case "--tls-port":
                        config.tlsPort = integer(args, ++i, "--tls-port", 0, 65535);
                        break;
                    case "--hsts":
                        config.hsts = true;
                        break;
                    default:
                        err.println("unknown option: " + args[i]);
                        return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (config.hsts && config.tlsKeystore == null) {
            err.println("--hsts needs --tls-keystore: browsers ignore HSTS on plain HTTP");
            return 2;
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
     * SIGTERM (and Ctrl-C): stop accepting, let the requests in flight finish, fold the database's
     * log into its file (the server's stop event), say so, and exit 0.
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
            }, "stop-on-" + signal.toLowerCase()).start());
        } catch (IllegalArgumentException e) {
            // this platform has no such signal: the JVM's default stands
        }
    }

    /** An integer option in [min, max], or an IllegalArgumentException that says so. */
    static int integer(String[] args, int i, String option, long min, long max) {
        String v = value(args, i, option);
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number (got \"" + v + "\")");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + " (got " + n + ")");
        }
        return (int) n;
    }

    /** {@code export-static DIR}: the lab as a folder for any static web server (no short links). */
    private static int exportStatic(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length != 2) {
            err.println("export-static needs one argument: the directory to write");
            return 2;
        }
        Path dir = Path.of(args[1]);
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            err.println("export-static: " + dir + " exists and is not an empty directory");
            return 1;
        }
        Files.createDirectories(dir);
        saddlelab.server.StaticAssets assets = saddlelab.server.StaticAssets.load(null);
        assets.exportTo(dir);
        out.println("wrote the lab (" + assets.files().size() + " files, build " + assets.version() + ") to " + dir
                + "; serve it with any static web server, e.g. python3 -m http.server --directory " + dir);
        return 0;
    }

    /**
     * Reads and validates a spec file; on failure prints the reason (a missing file, or the
     * validation message naming the field) and returns null.
     */
    static ExperimentSpec readSpec(String file, PrintStream err) {
        return readSpec(file, err, saddlelab.experiment.Budget.COMMAND_LINE);
    }

    /** The same against a budget (null: none, for {@code run --large}). */
    static ExperimentSpec readSpec(String file, PrintStream err, saddlelab.experiment.Budget budget) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return null;
        }
        try {
            return budget == null ? ExperimentSpec.parse(text) : ExperimentSpec.parse(text, budget);
        } catch (SpecException e) {
            err.println("invalid spec: " + e.getMessage()
                    + (budget != null && e.getMessage().contains("budget") ? " (run --large lifts the limit)" : ""));
            return null;
        }
    }

    /** Writes a document to the file, or to standard output without one. */
    static void emit(String doc, String outFile, PrintStream out) throws IOException {
        if (outFile != null) {
            Files.writeString(Path.of(outFile), doc + "\n", StandardCharsets.UTF_8);
        } else {
            out.println(doc);
        }
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int runCommand(String[] args, PrintStream out, PrintStream err) throws Exception {
        String specFile = null;
        String outFile = null;
        String preset = null;
        boolean quick = false;
        boolean large = false;
        String sweep = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--large")) {
                large = true;
            } else if (args[i].equals("--out")) {
                if (i + 1 >= args.length) {
                    err.println("--out needs a file name");
                    return 2;
                }
                outFile = args[++i];
            } else if (args[i].equals("--preset")) {
                if (i + 1 >= args.length) {
                    err.println("--preset needs a name (see `presets`)");
                    return 2;
                }
                preset = args[++i];
            } else if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--sweep")) {
                if (i + 1 >= args.length) {
                    err.println("--sweep needs FIELD=V1,V2,…");
                    return 2;
                }
                sweep = args[++i];
            } else if (specFile == null && !args[i].startsWith("--")) {
                specFile = args[i];
            } else {
                err.println("unexpected argument: " + args[i]);
                return 2;
            }
        }
        if (preset != null) {
            return runPreset(preset, quick, outFile, out, err);
        }
        if (specFile == null) {
            err.println("run needs a spec file or --preset NAME");
            return 2;
        }
        ExperimentSpec spec = readSpec(specFile, err, large ? null : saddlelab.experiment.Budget.COMMAND_LINE);
        if (spec == null) {
            return 1;
        }
        if (sweep != null) {
            return runSweep(spec, sweep, outFile, out, err);
        }
        List<Run> runs = runAll(spec, err);
        emit(Results.document(spec, runs), outFile, out);
        boolean diverged = false;
        for (Run r : runs) {
            err.println("seed " + r.seed() + ": " + r.status().name().toLowerCase() + " digest " + r.digest()
                    + (r.message().isEmpty() ? "" : " — " + r.message()));
            diverged |= r.failed();
        }
        return diverged ? 3 : 0;
    }

    private static int greedyCommand(String[] args, PrintStream out, PrintStream err) throws IOException {
        String specFile = null;
        String outFile = null;
        double epsilon = saddlelab.experiment.Greedy.DEFAULT_EPSILON;
        double tolerance = saddlelab.experiment.Greedy.DEFAULT_TOLERANCE;
        Integer perStage = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--out":
                    outFile = value(args, ++i, "--out");
                    break;
                case "--epsilon":
                    epsilon = Double.parseDouble(value(args, ++i, "--epsilon"));
                    break;
                case "--tolerance":
                    tolerance = Double.parseDouble(value(args, ++i, "--tolerance"));
                    break;
                case "--steps-per-stage":
                    perStage = Integer.parseInt(value(args, ++i, "--steps-per-stage"));
                    break;
                default:
                    if (specFile != null || args[i].startsWith("--")) {
                        err.println("unexpected argument: " + args[i]);
                        return 2;
                    }
                    specFile = args[i];
            }
        }
        if (specFile == null) {
            err.println("greedy needs a spec file");
            return 2;
        }
        if (!(epsilon > 0 && epsilon < 10)) {
            err.println("--epsilon must be in (0, 10)");
            return 2;
        }
        ExperimentSpec spec = readSpec(specFile, err);
        if (spec == null) {
            return 1;
        }
        if (spec.depth < 2) {
            err.println("invalid spec: depth: the greedy algorithm needs depth of at least 2");
            return 1;
        }
        int steps = perStage != null ? perStage : Math.max(1, spec.steps);
        emit(saddlelab.experiment.Greedy.json(spec, epsilon, tolerance, steps), outFile, out);
        return 0;
    }

    private static int runPreset(String name, boolean quick, String outFile, PrintStream out, PrintStream err)
            throws Exception {
        saddlelab.experiment.Presets.Preset p = saddlelab.experiment.Presets.get(name);
        if (p == null) {
            err.println("unknown preset: " + name + " (see `presets`)");
            return 1;
        }
        saddlelab.experiment.Presets.Analysis analysis = p.analysis(quick);
        if (analysis != null) {
            saddlelab.experiment.Presets.Configuration c = p.configurations(quick).get(0);
            err.println(analysis.kind + " analysis: " + c.label);
            emit(Results.analysisDocument(name, quick, c.label, c.spec, analysis.kind, analysis.run(c.spec)),
                    outFile, out);
            return 0;
        }
        List<List<Run>> runs = runConfigurations(p.configurations(quick), err);
        String doc = Results.presetDocument(name, quick, Results.entries(p.configurations(quick), runs));
        emit(doc, outFile, out);
        return printChecks(doc, err);
    }

    /** The preset's checks, one line each (a failed check is reported, not an error: the run itself is fine). */
    @SuppressWarnings("unchecked")
    static int printChecks(String doc, PrintStream err) {
        java.util.Map<String, Object> m = (java.util.Map<String, Object>) saddlelab.experiment.Json.parseDocument(doc);
        for (Object o : (List<Object>) m.get("checks")) {
            java.util.Map<String, Object> c = (java.util.Map<String, Object>) o;
            boolean passed = Boolean.TRUE.equals(c.get("passed"));
            err.println((passed ? "check passed: " : "check FAILED: ") + c.get("claim") + " — " + c.get("measured"));
        }
        return 0;
    }

    private static List<List<Run>> runConfigurations(List<saddlelab.experiment.Presets.Configuration> configurations,
            PrintStream err) throws Exception {
        List<List<Run>> runs = new ArrayList<>();
        for (saddlelab.experiment.Presets.Configuration c : configurations) {
            err.println("configuration: " + c.label);
            runs.add(runAll(c.spec, err));
        }
        return runs;
    }

    /** {@code run SPEC --sweep FIELD=V1,V2,…}: one configuration per value, each over the spec's seeds. */
    private static int runSweep(ExperimentSpec spec, String sweep, String outFile, PrintStream out, PrintStream err)
            throws Exception {
        int eq = sweep.indexOf('=');
        if (eq <= 0) {
            err.println("--sweep needs FIELD=V1,V2,… (fields: " + String.join(", ", saddlelab.experiment.Sweep.FIELDS)
                    + ")");
            return 2;
        }
        String field = sweep.substring(0, eq);
        String[] parts = sweep.substring(eq + 1).split(",");
        double[] values = new double[parts.length];
        List<saddlelab.experiment.Presets.Configuration> configurations;
        try {
            for (int i = 0; i < parts.length; i++) {
                values[i] = saddlelab.experiment.NumberText.parse(parts[i].trim());
            }
            configurations = saddlelab.experiment.Sweep.of(spec, field, values);
        } catch (saddlelab.experiment.SpecException | NumberFormatException e) {
            err.println("invalid sweep: " + e.getMessage());
            return 1;
        }
        List<List<Run>> runs = runConfigurations(configurations, err);
        emit(Results.sweepDocument(field, Results.entries(configurations, runs)), outFile, out);
        return 0;
    }

    /** Runs every seed of the spec, in parallel on all cores, with a progress line on stderr. */
    static List<Run> runAll(ExperimentSpec spec, PrintStream err) throws Exception {
        int threads = Math.max(1, Math.min(spec.seeds, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Run> runs = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        long total = (long) spec.steps * spec.seeds;
        long started = System.nanoTime();
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int i = 0; i < spec.seeds; i++) {
                final int index = i;
                futures.add(pool.submit(() -> {
                    Run run = new Run(spec, index);
                    while (!run.finished()) {
                        int before = run.step();
                        run.advance(1000);
                        done.addAndGet(run.step() - before);
                    }
                    return run;
                }));
            }
            long lastReport = System.nanoTime();
            for (Future<Run> f : futures) {
                while (!f.isDone()) {
                    Thread.sleep(100);
                    long now = System.nanoTime();
                    if (now - lastReport > 2_000_000_000L) {
                        lastReport = now;
                        double seconds = (now - started) / 1e9;
                        long d = done.get();
                        err.printf("progress: %d/%d steps (%.0f%%), %.0f steps/s%n", d, total,
                                100.0 * d / Math.max(1, total), d / seconds);
                    }
                }
                runs.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return runs;
    }
}
