package saddlelab.cli;

import io.javalin.Javalin;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import saddlelab.server.LabServer;
import saddlelab.server.LinkStore;

/**
 * {@code loadbench [--seconds 5] [--clients 8]}: the link API under load, on loopback only, with
 * a fresh embedded database in a temporary directory. First POSTs of distinct presets, then GETs
 * of the stored ones, each phase bounded in time; prints requests/s and p50/p99 latency.
 */
final class LoadBench {
    private LoadBench() {
    }

    /** {@code loadbench} as a command. */
    static final class Cmd implements Command {
        @Override
        public String name() {
            return "loadbench";
        }

        @Override
        public String usage() {
            return "loadbench [--seconds 5] [--clients 8]  GET and POST throughput and p99 latency of the link API";
        }

        @Override
        public Options options() {
            return new Options(name()).value("--seconds").value("--clients");
        }

        @Override
        public int run(Options o, PrintStream out, PrintStream err) throws Exception {
            return LoadBench.run((int) o.integer("--seconds", 1, 600, 5), (int) o.integer("--clients", 1, 256, 8), out);
        }
    }

    static int run(int seconds, int clients, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("saddle-lab-loadbench");
        LabServer.Config config = new LabServer.Config();
        config.store = LinkStore.sqlite(dir);
        config.postsPerMinute = Integer.MAX_VALUE / 2; // measure the store, not the limiter
        Javalin app = LabServer.create(config).start("127.0.0.1", 0);
        String base = "http://127.0.0.1:" + app.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        try {
            out.println("link API on " + base + ", " + clients + " clients, " + seconds + " s per phase, "
                    + config.store.description());
            report(out, "POST /api/links", phase(clients, seconds, () -> {
                int n = next.getAndIncrement();
                String body = "{\"title\":\"load " + n + "\",\"spec\":{\"task\":{\"type\":\"completion\",\"rows\":10,"
                        + "\"cols\":10,\"rank\":3,\"observed\":0.7},\"depth\":4,\"width\":100,\"init\":{\"gamma\":2},"
                        + "\"learningRate\":0.2,\"steps\":20000,\"seed\":" + n + "}}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/links"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
                }
                ids.add((String) ((java.util.Map<?, ?>) saddlelab.experiment.spec.Json.parse(r.body())).get("id"));
            }), seconds);
            report(out, "GET /api/links/{id}", phase(clients, seconds, () -> {
                String id = ids.get(Math.floorMod(next.getAndIncrement() * 7919, ids.size()));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/links/" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET answered " + r.statusCode());
                }
            }), seconds);
        } finally {
            app.stop();
            config.store.close();
            deleteFlat(dir);
        }
        return 0;
    }

    /** The benchmark's database directory (files only: the SQLite database and its journal). */
    private static void deleteFlat(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /** Runs the call from every client until the time is up; returns all latencies in ns. */
    private static long[] phase(int clients, int seconds, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    call.run();
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, 2 * n);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        try {
            for (Future<long[]> f : futures) {
                parts.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static void report(PrintStream out, String what, long[] sorted, int seconds) {
        if (sorted.length == 0) {
            out.println(what + ": no request completed");
            return;
        }
        out.printf(Locale.ROOT, "%-22s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   (%d requests)%n", what,
                sorted.length / (double) seconds, sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6, sorted.length);
    }
}
