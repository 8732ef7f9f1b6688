package saddlelab.cli;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import saddlelab.experiment.documents.Shards;

/**
 * {@code slurm --preset NAME [--shards N] … > job.sh}: a submit script for the cluster's own scheduler
 * (docs/cluster.md). {@code bash job.sh} submits a job array, one task per shard (each runs
 * {@code run … --resume} into the parts directory, so a resubmitted array recomputes only the parts
 * missing), and a merge job that starts when every task has succeeded ({@code --dependency=afterok}).
 */
final class SlurmCommand implements Command {
    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "slurm --preset NAME [--quick] | SPEC.json [--sweep …]  [--shards N] [--cpus K] [--time T]",
                "      [--partition P] [--mem M] [--parts DIR] [--out FILE] [--jar PATH]",
                "                                 prints a script that submits a Slurm job array over the shards",
                "                                 and a merge after it (bash job.sh; docs/cluster.md)");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(1, "spec file").value("--preset").flag("--quick").value("--sweep")
                .flag("--large").value("--shards").value("--cpus").value("--time").value("--partition").value("--mem")
                .value("--parts").value("--out").value("--jar");
    }

    /** What a job needs to say: the plan, its run arguments, the shards, the folders, the lab's command. */
    static final class Job {
        final Shards plan;
        final String title;
        final List<String> runArguments;
        final int shards;
        final int cpus;
        final Path parts;
        final Path out;
        final List<String> lab;

        Job(Options o, Shards plan) throws URISyntaxException {
            this.plan = plan;
            int units = plan.units().size();
            this.shards = (int) o.integer("--shards", 1, Math.min(Shards.MAX_SHARDS, units), Math.min(units, 10));
            this.cpus = (int) o.integer("--cpus", 1, 1024, 1);
            this.title = Cluster.title(plan);
            this.parts = Path.of(o.string("--parts", "parts-" + title)).toAbsolutePath().normalize();
            this.out = Path.of(o.string("--out", title + ".json")).toAbsolutePath().normalize();
            this.runArguments = Cluster.runArguments(o, plan,
                    o.argument(0) == null ? null : Path.of(o.argument(0)).toAbsolutePath().normalize().toString());
            this.lab = labCommand(o.string("--jar", null));
        }
    }

    /** How this lab is started: {@code java -jar JAR}, or from the class path it runs on now. */
    static List<String> labCommand(String jar) throws URISyntaxException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path where = jar != null ? Path.of(jar).toAbsolutePath().normalize()
                : Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(where)) {
            cmd.add("-jar");
            cmd.add(where.toString());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
        }
        return cmd;
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Shards plan = Plans.plan(o, err);
        if (plan == null) {
            return 1;
        }
        Job job = new Job(o, plan);
        double[] loads = plan.loads(job.shards);
        double heaviest = 0;
        for (double l : loads) {
            heaviest = Math.max(heaviest, l);
        }
        String name = "saddle-" + job.title;
        StringBuilder s = new StringBuilder();
        s.append("#!/usr/bin/env bash\n");
        s.append("# Saddle-to-Saddle Lab: ").append(describe(plan)).append(" as a Slurm job array of ")
                .append(job.shards).append(" shards, then the merge.\n");
        s.append("# Submit with `bash job.sh` (it calls sbatch twice; docs/cluster.md). Resubmitting after a\n");
        s.append("# preemption recomputes only the parts missing (--resume). Progress: the `status` line below.\n");
        s.append(String.format(Locale.ROOT, "# %d runs; the heaviest shard is estimated at %.3g weighted multiply–adds"
                + " (docs/cluster.md: how to turn that into --time).%n", plan.units().size(), heaviest));
        s.append("set -euo pipefail\n");
        s.append("PARTS=").append(quote(job.parts.toString())).append('\n');
        s.append("OUT=").append(quote(job.out.toString())).append('\n');
        s.append("LAB=(").append(join(job.lab)).append(")\n");
        s.append("mkdir -p \"$PARTS/logs\"\n");
        List<String> common = new ArrayList<>();
        if (o.has("--time")) {
            common.add("--time=" + o.string("--time", ""));
        }
        if (o.has("--partition")) {
            common.add("--partition=" + o.string("--partition", ""));
        }
        List<String> shardOptions = new ArrayList<>(common);
        if (o.has("--mem")) {
            shardOptions.add("--mem=" + o.string("--mem", ""));
        }
        List<String> run = new ArrayList<>(job.runArguments);
        run.add("--parts");
        s.append("RUN=(").append(join(run)).append(" \"$PARTS\" --resume)\n");
        // the tasks' scripts, written out in bash (not sbatch --wrap's /bin/sh, which cannot read every quoting)
        s.append("{ echo '#!/usr/bin/env bash'; echo \"exec $(printf '%q ' \"${LAB[@]}\" \"${RUN[@]}\")\"; }"
                + " > \"$PARTS/logs/shard.sh\"\n");
        s.append("{ echo '#!/usr/bin/env bash'; echo \"exec $(printf '%q ' \"${LAB[@]}\" merge \"$PARTS\" --out \"$OUT\")\"; }"
                + " > \"$PARTS/logs/merge.sh\"\n");
        s.append("array=$(sbatch --parsable --job-name=").append(quote(name)).append(" --array=1-").append(job.shards)
                .append(" --ntasks=1 --cpus-per-task=").append(job.cpus);
        for (String x : shardOptions) {
            s.append(' ').append(quote(x));
        }
        s.append(" \\\n    --output=\"$PARTS/logs/shard-%a.out\" \"$PARTS/logs/shard.sh\")\n");
        s.append("array=${array%%;*}\n");
        s.append("merge=$(sbatch --parsable --job-name=").append(quote(name + "-merge"))
                .append(" --dependency=afterok:\"$array\" --ntasks=1 --cpus-per-task=1");
        for (String x : common) {
            s.append(' ').append(quote(x));
        }
        s.append(" \\\n    --output=\"$PARTS/logs/merge.out\" \"$PARTS/logs/merge.sh\")\n");
        s.append("merge=${merge%%;*}\n");
        s.append("echo \"submitted job array $array (").append(job.shards)
                .append(" shards) and merge job $merge (after the array succeeds)\"\n");
        s.append("echo \"progress: $(printf '%q ' \"${LAB[@]}\") status $PARTS\"\n");
        s.append("echo \"$array $merge\" > \"$PARTS/logs/jobs\"\n");
        out.print(s);
        return 0;
    }

    static String describe(Shards plan) {
        return plan.kind.equals("preset") ? "preset " + plan.name + (plan.quick ? " (quick)" : "")
                : plan.kind.equals("sweep") ? "a sweep of " + plan.name : "a spec";
    }

    /** A word for bash, in single quotes. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            sb.append(sb.length() == 0 ? "" : " ").append(quote(w));
        }
        return sb.toString();
    }

}
