package saddlelab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.documents.ShardPart;
import saddlelab.experiment.documents.Shards;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

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
                "run SPEC.json --sweep FIELD=V1,V2,…   one configuration per value (e.g. init.gamma=0.75,1,2)",
                "run SPEC.json --data FILE.csv   complete the matrix of a CSV file (blank or NA where missing): the",
                "                                 spec's completion task on it, 10 % of its entries held out unless",
                "                                 the spec's task names a holdout (docs/spec.md, Data given by value)",
                "run … --shard I/N [--parts DIR] [--resume] [--threads K]   only shard I of N (a part file in DIR,",
                "                                 default parts/); without --shard, Slurm's array task or a Kubernetes",
                "                                 index with --shards N picks it; --resume skips a part that verifies;",
                "                                 `merge` puts the parts together (docs/cluster.md)");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--out").flag("--json").flag("--quiet")
                .flag("--large").value("--data").value("--preset").flag("--quick").value("--sweep").value("--shard").value("--shards")
                .value("--parts").flag("--resume").value("--threads");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Output output = new Output(o, out, err);
        Cluster.Selection shard = Cluster.select(o.string("--shard", null),
                o.has("--shards") ? (Integer) (int) o.integer("--shards", 1, Shards.MAX_SHARDS, 1) : null, o.environment());
        if (shard != null) {
            if (o.has("--out") || o.has("--json")) {
                throw new Options.UsageError("a shard writes a part file to --parts DIR; `merge` writes the document");
            }
            Shards plan = Plans.plan(o, err);
            return plan == null ? 1 : shard(plan, shard, o, output);
        }
        if (o.has("--parts") || o.has("--resume") || o.has("--threads")) {
            throw new Options.UsageError("--parts, --resume and --threads go with a shard (--shard I/N, or a scheduler's"
                    + " index)");
        }
        if (o.has("--preset")) {
            Presets.Preset p = Plans.preset(o, err);
            return p == null ? 1 : preset(p, o.has("--quick"), output);
        }
        Shards plan = Plans.plan(o, err);
        if (plan == null) {
            return 1;
        }
        if (plan.kind.equals("sweep")) {
            List<List<Run>> runs = configurations(plan.configurations, output);
            output.document(Results.sweepDocument(plan.name, Results.entries(plan.configurations, runs)));
            return 0;
        }
        ExperimentSpec spec = plan.configurations.get(0).spec;
        List<Run> runs = runAll(spec, output);
        output.document(Results.document(spec, runs));
        output.summary(null, runs);
        return runs.stream().anyMatch(Run::failed) ? 3 : 0;
    }

    /**
     * Runs shard i of n and writes its part (whole or not at all). With --resume a part already there
     * that verifies — this plan, this shard, this build, exactly its runs — is kept and nothing runs.
     */
    private int shard(Shards plan, Cluster.Selection s, Options o, Output output) throws Exception {
        Path dir = Path.of(o.string("--parts", "parts"));
        Path file = Cluster.partFile(dir, s.shard, s.shards);
        String build = Build.id();
        if (o.has("--resume") && Files.exists(file)) {
            String why;
            try {
                why = ShardPart.read(file.toString(), Files.readString(file, StandardCharsets.UTF_8))
                        .mismatch(plan, s.shard, s.shards, build);
            } catch (SpecException e) {
                why = e.getMessage();
            }
            if (why == null) {
                output.progress("shard " + s.shard + "/" + s.shards + ": " + file + " verifies; skipped (--resume)");
                return 0;
            }
            output.progress("shard " + s.shard + "/" + s.shards + ": recomputing " + file + ": " + why);
        }
        List<Shards.Unit> units = plan.shard(s.shard, s.shards);
        output.progress("shard " + s.shard + "/" + s.shards + " (" + s.source + "): " + units.size() + " of "
                + plan.units().size() + " runs, build " + build);
        List<ExperimentSpec> specs = new ArrayList<>();
        List<Integer> seeds = new ArrayList<>();
        for (Shards.Unit u : units) {
            specs.add(plan.configurations.get(u.configuration).spec);
            seeds.add(u.seedIndex);
        }
        int threads = (int) o.integer("--threads", 1, 4096, threadsFromEnvironment(o.environment()));
        long started = System.nanoTime();
        List<Run> runs = runUnits(specs, seeds, threads, output);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Run r : runs) {
            maps.add(Results.runToMap(r));
        }
        Cluster.writeAtomically(file, ShardPart.write(plan, s.shard, s.shards, build, maps, seconds) + "\n");
        if (!output.quiet) {
            for (int k = 0; k < units.size(); k++) {
                Run r = runs.get(k);
                Presets.Configuration c = plan.configurations.get(units.get(k).configuration);
                output.people().println((c.label.isEmpty() ? "" : c.label + ", ") + "seed " + r.seed() + ": "
                        + r.status().name().toLowerCase() + ", digest " + r.digest());
            }
            output.people().println(String.format(Locale.ROOT, "part written: %s (%d runs, %.1f s)", file, units.size(),
                    seconds));
        }
        return 0;
    }

    /** One thread per CPU Slurm gave the task, else per core. */
    private static int threadsFromEnvironment(Map<String, String> environment) {
        String cpus = environment.get("SLURM_CPUS_PER_TASK");
        if (cpus != null && cpus.trim().matches("\\d{1,4}") && Integer.parseInt(cpus.trim()) > 0) {
            return Integer.parseInt(cpus.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static int preset(Presets.Preset p, boolean quick, Output output) throws Exception {
        String name = p.name;
        Presets.Analysis analysis = p.analysis(quick);
        if (analysis != null) {
            Presets.Configuration c = p.configurations(quick).get(0);
            output.progress(analysis.kind + " analysis: " + c.label);
            java.util.Map<String, Object> result = analysis.run(c.spec);
            output.document(Results.analysisDocument(name, quick, c.label, c.spec, analysis.kind, result));
            if (!output.quiet) {
                Output.analysis(output.people(), analysis.kind, result);
            }
            return 0;
        }
        List<List<Run>> runs = configurations(p.configurations(quick), output);
        String doc = Results.presetDocument(name, quick, Results.entries(p.configurations(quick), runs));
        output.document(doc);
        if (!output.quiet) {
            Output.checks(doc, output.people());
        }
        return 0;
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

    /** Runs every seed of the spec, in parallel on all cores, with a progress line every 2 s. */
    static List<Run> runAll(ExperimentSpec spec, Output output) throws Exception {
        List<ExperimentSpec> specs = new ArrayList<>();
        List<Integer> seeds = new ArrayList<>();
        for (int i = 0; i < spec.seeds; i++) {
            specs.add(spec);
            seeds.add(i);
        }
        return runUnits(specs, seeds, Runtime.getRuntime().availableProcessors(), output);
    }

    /** Runs (spec k, seed index k) for every k on up to {@code threads} threads, in that order, with a progress line every 2 s. */
    static List<Run> runUnits(List<ExperimentSpec> specs, List<Integer> seeds, int threads, Output output)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(specs.size(), threads)));
        List<Run> runs = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        long total = 0;
        for (ExperimentSpec spec : specs) {
            total += spec.steps;
        }
        long started = System.nanoTime();
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                final ExperimentSpec spec = specs.get(i);
                final int index = seeds.get(i);
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
                        output.progress(String.format(Locale.ROOT, "progress: %d/%d steps (%.0f%%), %s steps/s",
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
