package saddlelab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import saddlelab.experiment.Budget;
import saddlelab.experiment.ExperimentSpec;
import saddlelab.experiment.Json;
import saddlelab.experiment.Presets;
import saddlelab.experiment.Results;
import saddlelab.experiment.Run;
import saddlelab.experiment.SpecException;
import saddlelab.experiment.Sweep;

/**
 * {@code run SPEC.json}, {@code run --preset NAME [--quick]}, {@code run SPEC.json --sweep FIELD=V1,V2,…}:
 * trains on the JVM (seeds in parallel on all cores). People get a short summary per run; the results
 * document goes to {@code --out FILE} or, with {@code --json}, to standard output.
 */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "run SPEC.json [--out FILE] [--json] [--quiet] [--large]",
                "                                 train on the JVM; a summary per run (status, losses, rank, saddles,",
                "                                 digest); the results JSON to FILE, or to standard output with --json;",
                "                                 --large: past the budget of 1e15 multiply–adds and 32 GB a run",
                "run --preset NAME [--quick] [--out FILE] [--json]   a built-in preset, its checks after it",
                "run SPEC.json --sweep FIELD=V1,V2,…   one configuration per value (e.g. init.gamma=0.75,1,2)");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--out").flag("--json").flag("--quiet")
                .flag("--large").value("--preset").flag("--quick").value("--sweep");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Output output = new Output(o, out, err);
        if (o.has("--preset")) {
            if (o.argument(0) != null || o.has("--sweep")) {
                throw new Options.UsageError("run --preset takes no spec file and no --sweep");
            }
            return preset(o.string("--preset", ""), o.has("--quick"), output);
        }
        if (o.has("--quick")) {
            throw new Options.UsageError("--quick goes with --preset NAME");
        }
        String file = o.required(0, "a spec file or --preset NAME (see `presets`)");
        ExperimentSpec spec = Specs.read(file, err, o.has("--large") ? null : Budget.COMMAND_LINE);
        if (spec == null) {
            return 1;
        }
        if (o.has("--sweep")) {
            return sweep(spec, o.string("--sweep", ""), output);
        }
        List<Run> runs = runAll(spec, output);
        output.document(Results.document(spec, runs));
        output.summary(null, runs);
        return runs.stream().anyMatch(Run::failed) ? 3 : 0;
    }

    /** Where the document and the summary go (--out, --json, --quiet). */
    static final class Output {
        final String file;
        final boolean json;
        final boolean quiet;
        final PrintStream out;
        final PrintStream err;

        Output(Options o, PrintStream out, PrintStream err) {
            this.file = o.string("--out", null);
            this.json = o.has("--json");
            this.quiet = o.has("--quiet");
            this.out = out;
            this.err = err;
        }

        void document(String doc) throws java.io.IOException {
            if (file != null) {
                Specs.emit(doc, file, out);
            }
            if (json) {
                out.println(doc);
            }
        }

        /** The people's summary: on standard output, or on standard error when it carries the JSON. */
        PrintStream people() {
            return json ? err : out;
        }

        void summary(String label, List<Run> runs) {
            if (!quiet) {
                RunReport.print(people(), label, runs);
            }
        }

        void progress(String line) {
            if (!quiet) {
                err.println(line);
            }
        }
    }

    private static int preset(String name, boolean quick, Output output) throws Exception {
        Presets.Preset p = Presets.get(name);
        if (p == null) {
            output.err.println("unknown preset: " + name + " (see `presets`)");
            return 1;
        }
        Presets.Analysis analysis = p.analysis(quick);
        if (analysis != null) {
            Presets.Configuration c = p.configurations(quick).get(0);
            output.progress(analysis.kind + " analysis: " + c.label);
            java.util.Map<String, Object> result = analysis.run(c.spec);
            output.document(Results.analysisDocument(name, quick, c.label, c.spec, analysis.kind, result));
            if (!output.quiet) {
                AnalysisCommand.print(output.people(), analysis.kind, result);
            }
            return 0;
        }
        List<List<Run>> runs = configurations(p.configurations(quick), output);
        String doc = Results.presetDocument(name, quick, Results.entries(p.configurations(quick), runs));
        output.document(doc);
        if (!output.quiet) {
            printChecks(doc, output.people());
        }
        return 0;
    }

    /** The preset's checks, one line each (a failed check is reported, not an error: the runs themselves are fine). */
    @SuppressWarnings("unchecked")
    static void printChecks(String doc, PrintStream to) {
        java.util.Map<String, Object> m = (java.util.Map<String, Object>) Json.parseDocument(doc);
        for (Object x : (List<Object>) m.get("checks")) {
            java.util.Map<String, Object> c = (java.util.Map<String, Object>) x;
            boolean passed = Boolean.TRUE.equals(c.get("passed"));
            to.println((passed ? "check passed: " : "check FAILED: ") + c.get("claim") + " — " + c.get("measured"));
        }
    }

    private static List<List<Run>> configurations(List<Presets.Configuration> configurations, Output output)
            throws Exception {
        List<List<Run>> runs = new ArrayList<>();
        for (Presets.Configuration c : configurations) {
            output.progress("configuration: " + c.label);
            List<Run> rs = runAll(c.spec, output);
            runs.add(rs);
            output.summary(c.label, rs);
        }
        return runs;
    }

    private static int sweep(ExperimentSpec spec, String sweep, Output output) throws Exception {
        int eq = sweep.indexOf('=');
        if (eq <= 0) {
            throw new Options.UsageError("--sweep needs FIELD=V1,V2,…, e.g. init.gamma=0.75,1,2 (fields: "
                    + String.join(", ", Sweep.FIELDS) + ")");
        }
        String field = sweep.substring(0, eq);
        String[] parts = sweep.substring(eq + 1).split(",");
        double[] values = new double[parts.length];
        List<Presets.Configuration> configurations;
        try {
            for (int i = 0; i < parts.length; i++) {
                try {
                    values[i] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new SpecException("sweep.values", "give numbers separated by commas, e.g. " + field
                            + "=0.75,1,2 (\"" + parts[i].trim() + "\" is not a number)");
                }
            }
            configurations = Sweep.of(spec, field, values);
        } catch (SpecException e) {
            output.err.println("invalid sweep: " + e.getMessage());
            return 1;
        }
        List<List<Run>> runs = configurations(configurations, output);
        output.document(Results.sweepDocument(field, Results.entries(configurations, runs)));
        return 0;
    }

    /** Runs every seed of the spec, in parallel on all cores, with a progress line every 2 s. */
    static List<Run> runAll(ExperimentSpec spec, Output output) throws Exception {
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
                        output.progress(String.format(java.util.Locale.ROOT, "progress: %d/%d steps (%.0f%%), %s steps/s",
                                d, total, 100.0 * d / Math.max(1, total), RunReport.round(d / seconds)));
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
