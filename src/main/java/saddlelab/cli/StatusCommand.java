package saddlelab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import saddlelab.experiment.documents.ShardMerge;
import saddlelab.experiment.documents.ShardPart;
import saddlelab.experiment.documents.Shards;
import saddlelab.experiment.spec.SpecException;

/**
 * {@code status PART_DIR}: how far a sharded job is, from the parts present: runs done of all, the
 * shards missing, and an estimate of the time left at the speed the present parts ran at (estimated
 * work per second of a task), both with the missing shards side by side and one after another.
 */
final class StatusCommand implements Command {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "status PART_DIR|PART…           a sharded job's progress: runs done / total, missing shards, time left");
    }

    @Override
    public Options options() {
        return new Options(name()).positional(100_000, "part files");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws Exception {
        o.required(0, "a directory of part files");
        List<Path> files = Cluster.partFiles(o.arguments());
        List<String> problems = new ArrayList<>();
        List<ShardPart> parts = Cluster.readParts(files, problems);
        if (parts.isEmpty()) {
            out.println("no parts yet in " + String.join(", ", o.arguments()) + (problems.isEmpty() ? ""
                    : " (" + String.join("; ", problems) + ")"));
            return problems.isEmpty() ? 0 : 1;
        }
        ShardMerge c;
        try {
            c = ShardMerge.collect(parts);
        } catch (SpecException e) {
            err.println(e.getMessage());
            return 1;
        }
        problems.addAll(c.problems);
        Shards plan = c.plan;
        int total = plan.units().size();
        out.println(String.format(Locale.ROOT, "%s%s: %d/%d runs done (%.0f%%), %d of %d parts, build %s",
                plan.kind.equals("run") ? "spec" : plan.kind + " " + plan.name, plan.quick ? " (quick)" : "", c.done(),
                total, 100.0 * c.done() / Math.max(1, total), c.shards - c.missingShards.size(), c.shards, c.build));
        if (!c.missingShards.isEmpty()) {
            double[] loads = plan.loads(c.shards);
            double left = 0;
            double longest = 0;
            for (int s : c.missingShards) {
                left += loads[s - 1];
                longest = Math.max(longest, loads[s - 1]);
            }
            out.println("missing shards: " + c.missingShards.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            if (c.seconds > 0 && c.workDone > 0) {
                double rate = c.workDone / c.seconds; // estimated work per second of one task
                out.println(String.format(Locale.ROOT, "time left: about %s with the missing shards side by side, %s one "
                        + "after another (at the %s estimated multiply–adds/s of the parts present)",
                        duration(longest / rate), duration(left / rate), RunReport.round(rate)));
            }
        } else if (problems.isEmpty()) {
            out.println("complete: merge with `merge " + String.join(" ", o.arguments()) + " --out FILE`");
        }
        for (String p : problems) {
            out.println("problem: " + p);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    static String duration(double seconds) {
        if (seconds < 90) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 5400) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
