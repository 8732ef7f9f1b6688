package saddlelab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import saddlelab.experiment.documents.ShardPart;
import saddlelab.experiment.documents.Shards;
import saddlelab.experiment.spec.SpecException;

/**
 * The command line's side of sharding (docs/cluster.md): which shard this process is (an option, or
 * the scheduler's environment), where parts live and how they are written (whole or not at all).
 */
final class Cluster {
    private Cluster() {
    }

    /** Shard i of n, and where that was read from (for the log). */
    static final class Selection {
        final int shard;
        final int shards;
        final String source;

        Selection(int shard, int shards, String source) {
            this.shard = shard;
            this.shards = shards;
            this.source = source;
        }
    }

    /**
     * {@code --shard I/N}; else Slurm's array ({@code SLURM_ARRAY_TASK_ID} counted from
     * {@code SLURM_ARRAY_TASK_MIN}, N = {@code SLURM_ARRAY_TASK_COUNT}, so {@code --array=1-N} and
     * {@code --array=0-(N-1)} both work); else a Kubernetes Indexed Job ({@code JOB_COMPLETION_INDEX}
     * from 0, N from {@code --shards}); else null (the whole document on this machine).
     */
    static Selection select(String shardOption, Integer shards, Map<String, String> env) {
        if (shardOption != null) {
            int slash = shardOption.indexOf('/');
            if (slash <= 0) {
                throw new Options.UsageError("--shard needs I/N, e.g. --shard 2/8 (got \"" + shardOption + "\")");
            }
            int i = whole("--shard", shardOption.substring(0, slash)); // 0 is refused by checked()
            int n = whole("--shard", shardOption.substring(slash + 1));
            if (shards != null && shards != n) {
                throw new Options.UsageError("--shard " + shardOption + " and --shards " + shards + " disagree");
            }
            return checked(i, n, "--shard " + shardOption);
        }
        String task = env.get("SLURM_ARRAY_TASK_ID");
        if (task != null) {
            int id = whole("SLURM_ARRAY_TASK_ID", task);
            int min = whole("SLURM_ARRAY_TASK_MIN", env.getOrDefault("SLURM_ARRAY_TASK_MIN", ""));
            int count = whole("SLURM_ARRAY_TASK_COUNT", env.getOrDefault("SLURM_ARRAY_TASK_COUNT", ""));
            if (shards != null && shards != count) {
                throw new Options.UsageError("--shards " + shards + " but the Slurm array has " + count
                        + " tasks (SLURM_ARRAY_TASK_COUNT)");
            }
            if (id - min >= count) {
                throw new Options.UsageError("Slurm array task " + id + " is not among " + count + " tasks counted from "
                        + min + ": submit a contiguous array, e.g. --array=1-" + count);
            }
            return checked(id - min + 1, count, "SLURM_ARRAY_TASK_ID=" + id + " (from " + min + " of " + count + ")");
        }
        String index = env.get("JOB_COMPLETION_INDEX");
        if (index != null) {
            if (shards == null) {
                throw new Options.UsageError("JOB_COMPLETION_INDEX is set: give the Job's completions as --shards N");
            }
            int i = whole("JOB_COMPLETION_INDEX", index);
            return checked(i + 1, shards, "JOB_COMPLETION_INDEX=" + i + " of " + shards);
        }
        if (shards != null) {
            throw new Options.UsageError("--shards N needs --shard I/N, a Slurm array task or a Kubernetes index");
        }
        return null;
    }

    private static Selection checked(int i, int n, String source) {
        try {
            Shards.checkShard(i, n);
        } catch (SpecException e) {
            throw new Options.UsageError(source + ": " + e.getMessage());
        }
        return new Selection(i, n, source);
    }

    private static int whole(String name, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new Options.UsageError(name + " is \"" + text + "\", not a whole number");
    }

    /** A short name for the plan's files and jobs: {@code fig2}, {@code fig2-quick}, {@code sweep-init-gamma}, {@code run}. */
    static String title(Shards plan) {
        return plan.kind.equals("preset") ? plan.name + (plan.quick ? "-quick" : "")
                : plan.kind.equals("sweep") ? "sweep-" + plan.name.replace('.', '-') : "run";
    }

    /**
     * The {@code run} arguments that name the plan again on another machine ({@code --preset NAME
     * [--quick]}, or the spec file as {@code specPath} with its {@code --sweep} and {@code --large}).
     */
    static List<String> runArguments(Options o, Shards plan, String specPath) {
        List<String> args = new ArrayList<>(List.of("run"));
        if (plan.kind.equals("preset")) {
            args.add("--preset");
            args.add(plan.name);
            if (plan.quick) {
                args.add("--quick");
            }
            return args;
        }
        args.add(specPath);
        if (o.has("--sweep")) {
            args.add("--sweep");
            args.add(o.string("--sweep", ""));
        }
        if (o.has("--large")) {
            args.add("--large");
        }
        return args;
    }

    /** The part file of shard i of n: {@code part-00002-of-00008.json}, so names sort in shard order. */
    static Path partFile(Path dir, int i, int n) {
        return dir.resolve(String.format(Locale.ROOT, "part-%05d-of-%05d.json", i, n));
    }

    /** Writes the text whole or not at all (a temporary file renamed over the name). */
    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The part files named (directories: their {@code part-*.json}, in name order). */
    static List<Path> partFiles(List<String> names) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String name : names) {
            Path p = Path.of(name);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(f -> f.getFileName().toString().matches("part-\\d+-of-\\d+\\.json")).sorted()
                            .forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Reads parts; an unreadable or malformed file is named in problems and left out (the merge then names what is missing). */
    static List<ShardPart> readParts(List<Path> files, List<String> problems) {
        List<ShardPart> parts = new ArrayList<>();
        for (Path f : files) {
            try {
                parts.add(ShardPart.read(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                problems.add("cannot read " + f + ": " + e.getMessage());
            } catch (SpecException e) {
                problems.add(e.getMessage());
            }
        }
        return parts;
    }
}
