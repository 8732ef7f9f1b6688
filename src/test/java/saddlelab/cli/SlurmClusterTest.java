package saddlelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster example against a real scheduler: a single-node Slurm (Debian's slurm-wlm and
 * munge; .ci/run installs them) started here with its own key, configuration, ports, spool and state
 * in a temporary folder, on 127.0.0.1 only. The script {@code slurm} prints is submitted as a user
 * would ({@code bash job.sh}); the merge job's output must equal {@code run --preset} on one machine,
 * byte for byte; resubmitted with one part deleted, only that part is computed again. Every daemon
 * started is stopped by its PID. Without Slurm (or root) the test fails in CI and is skipped loudly
 * elsewhere.
 */
class SlurmClusterTest {
    static final String PRESET = "recovery"; // quick: 40 runs over 5 configurations, ~30 s of one core
    static final int SHARDS = 4;

    @TempDir
    Path dir;

    final List<Process> daemons = new ArrayList<>();
    final Map<String, String> env = new HashMap<>(System.getenv());

    @AfterEach
    void stopEverything() throws Exception {
        if (env.containsKey("SLURM_CONF")) {
            command(30, "scancel", "--full", "--partition=lab"); // nothing of ours keeps running after the test
        }
        for (int i = daemons.size() - 1; i >= 0; i--) { // slurmd, slurmctld, then munged
            Process p = daemons.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static void require() {
        List<String> missing = new ArrayList<>();
        for (String tool : new String[] {"/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch",
            "/usr/bin/scontrol", "/usr/bin/sinfo"}) {
            if (!new File(tool).canExecute()) {
                missing.add(tool);
            }
        }
        String why = null;
        if (!missing.isEmpty()) {
            why = "Slurm missing (" + String.join(", ", missing) + "): install the Debian packages slurm-wlm and munge";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            why = "a single-node Slurm needs root (slurmd runs jobs as their user)";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            System.err.println("\n*** SKIPPING THE SLURM TEST: " + why + " ***\n");
            Assumptions.abort(why);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Runs a command to its end (bounded); its output. */
    String command(int seconds, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", args) + " did not finish in " + seconds + " s");
        }
        return new String(bytes, StandardCharsets.UTF_8).trim();
    }

    Process daemon(Path log, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        daemons.add(p);
        return p;
    }

    /** Polls until the condition's text appears, or the daemons' logs explain why not. */
    void await(String what, int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.call()) {
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    fail(what + ": a daemon exited (" + p.info().command().orElse("?") + ", code " + p.exitValue()
                            + "); logs in " + dir);
                }
            }
            if (System.nanoTime() > deadline) {
                fail(what + ": not after " + seconds + " s; logs in " + dir + ": " + logs());
            }
            Thread.sleep(250);
        }
    }

    String logs() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir.resolve("log"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String text = Files.readString(f);
                sb.append("\n--- ").append(f.getFileName()).append(":\n")
                        .append(text.substring(Math.max(0, text.length() - 1500)));
            }
        }
        return sb.toString();
    }

    void startSlurm() throws Exception {
        String host = command(10, "hostname", "-s");
        Files.createDirectories(dir.resolve("log"));
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwx------"));
        byte[] key = new byte[1024];
        new SecureRandom().nextBytes(key);
        Path keyFile = munge.resolve("munge.key");
        Files.write(keyFile, key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
        Path socket = munge.resolve("socket");
        daemon(dir.resolve("log/munged.out"), "/usr/sbin/munged", "--foreground", "--force", "--key-file=" + keyFile,
                "--socket=" + socket, "--pid-file=" + munge.resolve("pid"), "--log-file=" + dir.resolve("log/munged.log"),
                "--seed-file=" + munge.resolve("seed"));
        await("munged's socket", 30, () -> Files.exists(socket));

        Path conf = dir.resolve("slurm.conf");
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(conf, String.join("\n",
                "ClusterName=saddlelab",
                "SlurmctldHost=" + host + "(127.0.0.1)",
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "AuthInfo=socket=" + socket,
                "CredType=cred/munge",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "SchedulerType=sched/backfill",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "JobCompType=jobcomp/none",
                "MpiDefault=none",
                "ReturnToService=2",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=" + Runtime.getRuntime().availableProcessors()
                        + " State=UNKNOWN",
                "PartitionName=lab Nodes=ALL Default=YES MaxTime=INFINITE State=UP", ""));
        env.put("SLURM_CONF", conf.toString());
        daemon(dir.resolve("log/slurmctld.out"), "/usr/sbin/slurmctld", "-D", "-f", conf.toString());
        daemon(dir.resolve("log/slurmd.out"), "/usr/sbin/slurmd", "-D", "-f", conf.toString(), "-N", host);
        await("the node idle", 120, () -> command(30, "sinfo", "--noheader", "--format=%t").startsWith("idle"));
    }

    String jobState(String id) throws Exception {
        String line = command(30, "scontrol", "--oneliner", "show", "job", id);
        int at = line.indexOf("JobState=");
        return at < 0 ? "UNKNOWN" : line.substring(at + 9, line.indexOf(' ', at));
    }

    /** Submits the script as a user does and waits for the merge job's end (by Slurm's own state). */
    void submitAndWait(Path script, Path parts) throws Exception {
        String said = command(120, "bash", script.toString());
        assertTrue(said.contains("submitted job array"), said);
        String[] ids = Files.readString(parts.resolve("logs/jobs")).trim().split(" ");
        await("the merge job " + ids[1], 900, () -> {
            String state = jobState(ids[1]);
            if (state.equals("FAILED") || state.equals("CANCELLED") || state.equals("TIMEOUT")
                    || state.contains("DEPENDENCY")) {
                fail("merge job " + state + ": " + read(parts.resolve("logs/merge.out")) + logs());
            }
            return state.equals("COMPLETED");
        });
    }

    static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(no " + p.getFileName() + ")";
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theReadmeExampleRunsOnARealSlurmAndMergesToTheBytesOfOneMachine() throws Exception {
        require();
        startSlurm();
        Path parts = dir.resolve("my parts"); // a space, as home folders have: the scripts must quote
        Path merged = dir.resolve(PRESET + ".json");
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"slurm", "--preset", PRESET, "--quick", "--shards", "" + SHARDS, "--parts",
            parts.toString(), "--out", merged.toString()}, new PrintStream(script, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
        Path job = dir.resolve("job.sh");
        Files.write(job, script.toByteArray());
        submitAndWait(job, parts);

        Path single = dir.resolve("single.json");
        assertEquals(0, Main.run(new String[] {"run", "--preset", PRESET, "--quick", "--out", single.toString(), "--quiet"},
                System.out, System.err));
        assertEquals(Files.readString(single), Files.readString(merged), "the merged document is run's, byte for byte");
        for (int i = 1; i <= SHARDS; i++) {
            assertTrue(Files.exists(Cluster.partFile(parts, i, SHARDS)), "part " + i);
        }

        // preempted: one part lost; the same script again recomputes only that one
        Map<Integer, FileTime> before = new HashMap<>();
        for (int i = 1; i <= SHARDS; i++) {
            before.put(i, Files.getLastModifiedTime(Cluster.partFile(parts, i, SHARDS)));
        }
        Files.delete(Cluster.partFile(parts, 3, SHARDS));
        Files.delete(merged);
        submitAndWait(job, parts);
        for (int i = 1; i <= SHARDS; i++) {
            String log = read(parts.resolve("logs/shard-" + i + ".out"));
            if (i == 3) {
                assertTrue(log.contains("part written"), log);
            } else {
                assertEquals(before.get(i), Files.getLastModifiedTime(Cluster.partFile(parts, i, SHARDS)), "part " + i + " kept");
                assertTrue(log.contains("verifies; skipped (--resume)"), log);
            }
        }
        assertEquals(Files.readString(single), Files.readString(merged));
        String status = command(60, new ArrayList<>(SlurmCommand.labCommand(null)) {
            {
                add("status");
                add(parts.toString());
            }
        }.toArray(new String[0]));
        assertTrue(status.contains("40/40 runs done (100%), 4 of 4 parts"), status);
    }
}
