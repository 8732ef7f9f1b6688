package saddlelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands as a researcher calls them: shards picked by option or by the scheduler's
 * environment, parts merged to the bytes of a one-machine {@code run}, resumption, progress, and the
 * submit helpers' output run as the scheduler would run it.
 */
class ClusterCommandTest {
    static final String SWEEP = "width=4,8,16,32";

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Map<String, String> env, String... args) throws Exception {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    int run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path spec() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, MainTest.SPEC.replace("\"seeds\":2", "\"seeds\":3"));
        return spec;
    }

    String single(String... args) throws Exception {
        Path file = dir.resolve("single.json");
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--out", file.toString(), "--quiet"));
        assertEquals(0, run(a.toArray(new String[0])), err());
        return Files.readString(file);
    }

    String merged(Path parts) throws Exception {
        Path file = dir.resolve("merged.json");
        assertEquals(0, run("merge", parts.toString(), "--out", file.toString()), err());
        return Files.readString(file);
    }

    @Test
    void shardsOfASweepRunOneByOneMergeToTheBytesOfRun() throws Exception {
        String spec = spec().toString();
        String expected = single("run", spec, "--sweep", SWEEP);
        Path parts = dir.resolve("parts");
        for (int i = 1; i <= 5; i++) {
            assertEquals(0, run("run", spec, "--sweep", SWEEP, "--shard", i + "/5", "--parts", parts.toString()), err());
            assertTrue(out().contains("part written: " + Cluster.partFile(parts, i, 5)), out());
        }
        assertEquals(expected, merged(parts));

        // progress, then a missing part named by merge and by status
        Files.delete(Cluster.partFile(parts, 4, 5));
        assertEquals(0, run("status", parts.toString()), out());
        assertTrue(out().startsWith("sweep width: "), out());
        assertTrue(out().contains("missing shards: 4"), out());
        assertTrue(out().contains("time left: about"), out());
        assertEquals(1, run("merge", parts.toString(), "--out", dir.resolve("x.json").toString()));
        assertTrue(err().contains("cannot merge: no part for shard 4 of 5"), err());
        assertTrue(!Files.exists(dir.resolve("x.json")), "nothing is written");
    }

    @Test
    void slurmAndKubernetesIndicesPickTheShardAndResumeRecomputesOnlyWhatIsMissing() throws Exception {
        String spec = spec().toString();
        String expected = single("run", spec);
        Path parts = dir.resolve("parts");
        // --array=0-2: task ids from 0
        for (int id = 0; id < 3; id++) {
            Map<String, String> env = Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_MIN", "0",
                    "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_CPUS_PER_TASK", "1");
            assertEquals(0, run(env, "run", spec, "--parts", parts.toString(), "--resume"), err());
            assertTrue(err().contains("shard " + (id + 1) + "/3 (SLURM_ARRAY_TASK_ID=" + id), err());
        }
        assertEquals(expected, merged(parts));

        // resubmitted with one part deleted and --array=1-3: the others verify and are kept as they are
        FileTime kept = Files.getLastModifiedTime(Cluster.partFile(parts, 1, 3));
        String keptText = Files.readString(Cluster.partFile(parts, 1, 3));
        Files.delete(Cluster.partFile(parts, 2, 3));
        Files.writeString(Cluster.partFile(parts, 3, 3), "{\"part\":1,\"kind\":\"run\"}"); // a part cut short
        List<String> recomputed = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            Map<String, String> env = Map.of("SLURM_ARRAY_TASK_ID", "" + id, "SLURM_ARRAY_TASK_MIN", "1",
                    "SLURM_ARRAY_TASK_COUNT", "3");
            assertEquals(0, run(env, "run", spec, "--parts", parts.toString(), "--resume"), err());
            if (out().contains("part written")) {
                recomputed.add(id + (err().contains("recomputing") ? " (recomputing)" : ""));
            }
        }
        assertEquals(List.of("2", "3 (recomputing)"), recomputed, "only the missing and the damaged part run again");
        assertEquals(kept, Files.getLastModifiedTime(Cluster.partFile(parts, 1, 3)));
        assertEquals(keptText, Files.readString(Cluster.partFile(parts, 1, 3)));
        assertEquals(expected, merged(parts));

        // a Kubernetes Indexed Job: JOB_COMPLETION_INDEX from 0, the count from --shards
        Path k8s = dir.resolve("k8s");
        for (int index = 0; index < 2; index++) {
            assertEquals(0, run(Map.of("JOB_COMPLETION_INDEX", "" + index), "run", spec, "--shards", "2", "--parts",
                    k8s.toString()), err());
        }
        assertEquals(expected, merged(k8s));
    }

    @Test
    void shardMistakesAreUsageErrorsNamingWhatToGive() throws Exception {
        String spec = spec().toString();
        assertEquals(2, run("run", spec, "--shard", "4/3"));
        assertTrue(err().contains("--shard 4/3: shard: must be between 1 and 3 (got 4)"), err());
        assertEquals(2, run("run", spec, "--shard", "two"));
        assertTrue(err().contains("--shard needs I/N, e.g. --shard 2/8"), err());
        assertEquals(2, run("run", spec, "--shards", "4"));
        assertTrue(err().contains("--shards N needs --shard I/N, a Slurm array task or a Kubernetes index"), err());
        assertEquals(2, run(Map.of("JOB_COMPLETION_INDEX", "1"), "run", spec));
        assertTrue(err().contains("give the Job's completions as --shards N"), err());
        assertEquals(2, run(Map.of("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3"),
                "run", spec));
        assertTrue(err().contains("submit a contiguous array, e.g. --array=1-3"), err());
        assertEquals(2, run("run", spec, "--shard", "1/2", "--out", "x.json"));
        assertTrue(err().contains("`merge` writes the document"), err());
        assertEquals(2, run("run", spec, "--resume"));
        assertEquals(1, run("run", "--preset", "geometry", "--quick", "--shard", "1/2"));
        assertTrue(err().contains("not runs to shard"), err());
        assertEquals(2, run("merge", dir.toString()));
        assertTrue(err().contains("merge needs --out FILE"), err());
        assertEquals(1, run("merge", dir.toString(), "--out", dir.resolve("m.json").toString()));
        assertTrue(err().contains("cannot merge: no part files in"), err());
        Files.writeString(dir.resolve("part-00001-of-00002.json"), "not json");
        assertEquals(1, run("merge", dir.toString(), "--out", dir.resolve("m.json").toString()));
        assertTrue(err().contains("part-00001-of-00002.json: not JSON"), err());
        assertEquals(2, run("k8s", spec));
        assertTrue(err().contains("k8s needs --shards N"), err());
    }

    @Test
    void theSubmitHelpersPrintAnArrayWithAMergeAfterItAndAnIndexedJob() throws Exception {
        String spec = spec().toString();
        assertEquals(0, run("slurm", spec, "--sweep", SWEEP, "--shards", "4", "--cpus", "2", "--time", "02:00:00",
                "--partition", "short", "--parts", dir.resolve("p").toString(), "--out", dir.resolve("o.json").toString()));
        String script = out();
        assertTrue(script.startsWith("#!/usr/bin/env bash\n"), script);
        assertTrue(script.contains("--array=1-4 --ntasks=1 --cpus-per-task=2 --time=02:00:00 --partition=short"), script);
        assertTrue(script.contains("--output=\"$PARTS/logs/shard-%a.out\""), script);
        assertTrue(script.contains("--dependency=afterok:\"$array\""), script);
        assertTrue(script.contains("RUN=(run " + spec + " --sweep " + SWEEP + " --parts \"$PARTS\" --resume)"), script);
        assertTrue(script.contains("merge \"$PARTS\" --out \"$OUT\""), script);
        assertTrue(script.contains("PARTS=" + dir.resolve("p")), script);
        Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        bash.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String syntax = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.waitFor(), "bash -n: " + syntax);

        // the Indexed Job's command, run as each pod runs it (its index in the environment), merges to run's bytes
        assertEquals(0, run("k8s", spec, "--sweep", SWEEP, "--shards", "3", "--cpus", "1"));
        String yaml = out();
        assertTrue(yaml.contains("completionMode: Indexed\n  completions: 3\n  parallelism: 3\n"), yaml);
        assertTrue(yaml.contains("persistentVolumeClaim: {claimName: \"saddle-lab\"}"), yaml);
        Matcher m = Pattern.compile("command: \\[(.*)]\n").matcher(yaml);
        assertTrue(m.find(), yaml);
        List<String> command = new ArrayList<>();
        Matcher w = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1));
        while (w.find()) {
            command.add(w.group(1));
        }
        assertEquals(List.of("java", "-jar", "/lab/saddle-lab.jar", "run"), command.subList(0, 4));
        List<String> args = new ArrayList<>(command.subList(3, command.size()));
        Path parts = dir.resolve("pods");
        args.set(args.indexOf("--parts") + 1, parts.toString());
        for (int index = 0; index < 3; index++) {
            Map<String, String> env = new HashMap<>();
            env.put("JOB_COMPLETION_INDEX", "" + index);
            assertEquals(0, run(env, args.toArray(new String[0])), err());
        }
        assertEquals(single("run", spec, "--sweep", SWEEP), merged(parts));
    }
}
