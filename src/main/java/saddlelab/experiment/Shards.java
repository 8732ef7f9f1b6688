package saddlelab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preset, sweep or spec cut into shards for a cluster, and the parts put back together. The unit of
 * work is one run, (configuration c, seed index s): deterministic to the bit, so a run computed on any
 * node is the run, and the document merged from the parts is the one {@code run} writes on one machine.
 *
 * <p>The assignment (docs/cluster.md): the units in order of decreasing estimated cost
 * ({@link Budget#estimate} of the configuration's spec, per run), ties in (c, s) order, each to the
 * shard with the least estimated work so far, ties to the lowest shard (longest-processing-time first:
 * within 4/3 of the best balance). It depends only on the spec and N, and the estimate is plain
 * arithmetic, so every node computes the same assignment.
 *
 * <p>A part: {@code {"part": 1, "kind", "name", "quick", "configurations": [{"label", "key", "spec"}], "shard",
 * "shards", "build", "runs": [{"configuration", "seedIndex", "run"}], "seconds"}}, the runs as
 * {@link Results#runToMap} writes them.
 */
public final class Shards {
    /** The part format's version. */
    public static final int FORMAT = 1;
    /** The most shards a plan may have. */
    public static final int MAX_SHARDS = 100_000;

    /** One run of the plan. */
    public static final class Unit {
        public final int configuration;
        public final int seedIndex;
        public final double work;

        Unit(int configuration, int seedIndex, double work) {
            this.configuration = configuration;
            this.seedIndex = seedIndex;
            this.work = work;
        }

        @Override
        public String toString() {
            return "configuration " + (configuration + 1) + " seed index " + seedIndex;
        }
    }

    /** What a document holds: "preset" (name = preset), "sweep" (name = swept field) or "run" (one spec). */
    public final String kind;
    public final String name;
    public final boolean quick;
    public final List<Presets.Configuration> configurations;
    private final List<Unit> units = new ArrayList<>();
    private int[] memo;
    private int memoShards;

    public Shards(String kind, String name, boolean quick, List<Presets.Configuration> configurations) {
        if (!kind.equals("preset") && !kind.equals("sweep") && !kind.equals("run")) {
            throw new SpecException("kind", "must be preset, sweep or run");
        }
        if (kind.equals("run") && configurations.size() != 1) {
            throw new SpecException("configurations", "a run's document holds one spec");
        }
        this.kind = kind;
        this.name = name;
        this.quick = quick;
        this.configurations = List.copyOf(configurations);
        for (int c = 0; c < configurations.size(); c++) {
            ExperimentSpec spec = configurations.get(c).spec;
            double work = Budget.estimate(spec).workPerRun;
            for (int s = 0; s < spec.seeds; s++) {
                units.add(new Unit(c, s, work));
            }
        }
    }

    /** Every run, in document order (configuration, then seed index). */
    public List<Unit> units() {
        return units;
    }

    /** The shard (1…n) of every unit, in {@link #units()} order. */
    public int[] assignment(int n) {
        return assigned(n).clone();
    }

    /** The assignment for n, kept for the last n asked (a merge checks every part against it). */
    private int[] assigned(int n) {
        checkCount(n);
        if (memo != null && memoShards == n) {
            return memo;
        }
        Integer[] order = new Integer[units.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // decreasing work; ties in document order (the sort is stable)
        Arrays.sort(order, (a, b) -> Double.compare(units.get(b).work, units.get(a).work));
        double[] load = new double[n];
        int[] shard = new int[units.size()];
        for (int i : order) {
            int best = 0;
            for (int k = 1; k < n; k++) {
                if (load[k] < load[best]) {
                    best = k;
                }
            }
            load[best] += units.get(i).work;
            shard[i] = best + 1;
        }
        memo = shard;
        memoShards = n;
        return shard;
    }

    /** The units of shard i of n, in document order. */
    public List<Unit> shard(int i, int n) {
        checkShard(i, n);
        int[] a = assigned(n);
        List<Unit> out = new ArrayList<>();
        for (int u = 0; u < a.length; u++) {
            if (a[u] == i) {
                out.add(units.get(u));
            }
        }
        return out;
    }

    /** Estimated work of each shard (index 0 is shard 1). */
    public double[] loads(int n) {
        int[] a = assigned(n);
        double[] load = new double[n];
        for (int u = 0; u < a.length; u++) {
            load[a[u] - 1] += units.get(u).work;
        }
        return load;
    }

    public static void checkCount(int n) {
        if (n < 1 || n > MAX_SHARDS) {
            throw new SpecException("shards", "must be between 1 and " + MAX_SHARDS + " (got " + n + ")");
        }
    }

    public static void checkShard(int i, int n) {
        checkCount(n);
        if (i < 1 || i > n) {
            throw new SpecException("shard", "must be between 1 and " + n + " (got " + i + ")");
        }
    }

    /** What identifies the plan in a part: everything but the shard, the build and the runs. */
    Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("part", (long) FORMAT);
        m.put("kind", kind);
        m.put("name", name);
        m.put("quick", quick);
        m.put("configurations", Presets.configurations(configurations));
        return m;
    }

    /**
     * A part's document.
     *
     * @param runs the shard's runs (result documents), in the order of {@code shard(i, n)}
     */
    public String part(int i, int n, String build, List<Map<String, Object>> runs, double seconds) {
        List<Unit> mine = shard(i, n);
        if (runs.size() != mine.size()) {
            throw new IllegalArgumentException("shard " + i + " has " + mine.size() + " runs, got " + runs.size());
        }
        Map<String, Object> m = identity();
        m.put("shard", (long) i);
        m.put("shards", (long) n);
        m.put("build", build);
        List<Object> list = new ArrayList<>();
        for (int k = 0; k < mine.size(); k++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("configuration", (long) mine.get(k).configuration);
            r.put("seedIndex", (long) mine.get(k).seedIndex);
            r.put("run", runs.get(k));
            list.add(r);
        }
        m.put("runs", list);
        m.put("seconds", seconds);
        return Json.write(m);
    }

    /** A part read back; {@link #problem} says what is wrong with it, or is null. */
    public static final class Part {
        public final String source;
        public final Shards plan;
        public final int shard;
        public final int shards;
        public final String build;
        public final double seconds;
        /** Its runs: unit → result document, in the part's order. */
        public final List<Unit> units;
        public final List<Map<String, Object>> runs;
        final String identity;

        Part(String source, Shards plan, int shard, int shards, String build, double seconds, List<Unit> units,
                List<Map<String, Object>> runs, String identity) {
            this.source = source;
            this.plan = plan;
            this.shard = shard;
            this.shards = shards;
            this.build = build;
            this.seconds = seconds;
            this.units = units;
            this.runs = runs;
            this.identity = identity;
        }

        /** Null when this is shard i of n of the plan, from the build, and {@link #problem} finds nothing; else why not. */
        public String mismatch(Shards expected, int i, int n, String expectedBuild) {
            if (!identity.equals(Json.write(expected.identity()))) {
                return "it belongs to another " + (plan.kind.equals(expected.kind) ? plan.kind : "kind of document");
            }
            if (shard != i || shards != n) {
                return "it is shard " + shard + "/" + shards + ", not " + i + "/" + n;
            }
            if (!build.equals(expectedBuild)) {
                return "it comes from build " + build + ", this is " + expectedBuild;
            }
            return problem(expected);
        }

        /** Null when the part holds exactly the runs its plan assigns to its shard, each with a digest; else why not. */
        public String problem() {
            return problem(plan);
        }

        /** The same against an equal plan (one whose assignment is already computed). */
        String problem(Shards against) {
            List<Unit> expected = against.shard(shard, shards);
            if (expected.size() != units.size()) {
                return source + ": shard " + shard + "/" + shards + " should hold " + expected.size() + " runs, holds "
                        + units.size();
            }
            for (int k = 0; k < units.size(); k++) {
                Unit e = expected.get(k);
                Unit u = units.get(k);
                if (e.configuration != u.configuration || e.seedIndex != u.seedIndex) {
                    return source + ": run " + (k + 1) + " is " + u + ", shard " + shard + "/" + shards + " assigns " + e;
                }
                if (!(runs.get(k).get("digest") instanceof String)) {
                    return source + ": " + u + " has no digest";
                }
            }
            return null;
        }
    }

    /** Reads a part (its plan is rebuilt from the specs it carries); a malformed one is a SpecException naming the field. */
    @SuppressWarnings("unchecked")
    public static Part read(String source, String text) {
        Object value;
        try {
            value = Json.parseDocument(text);
        } catch (SpecException e) {
            throw new SpecException("", source + ": not JSON (" + e.getMessage() + ")");
        }
        if (!(value instanceof Map) || !Long.valueOf(FORMAT).equals(number(((Map<String, Object>) value).get("part")))) {
            throw new SpecException("", source + ": not a part file (expected \"part\": " + FORMAT + ")");
        }
        Map<String, Object> m = (Map<String, Object>) value;
        String kind = string(m, "kind", source);
        String name = m.get("name") instanceof String ? (String) m.get("name") : null;
        boolean quick = Boolean.TRUE.equals(m.get("quick"));
        if (!(m.get("configurations") instanceof List)) {
            throw new SpecException("", source + ": configurations must be a list");
        }
        List<Presets.Configuration> cs = new ArrayList<>();
        for (Object o : (List<Object>) m.get("configurations")) {
            if (!(o instanceof Map)) {
                throw new SpecException("", source + ": configurations must hold objects");
            }
            Map<String, Object> c = (Map<String, Object>) o;
            ExperimentSpec spec;
            try {
                spec = ExperimentSpec.fromValue(c.get("spec"));
            } catch (SpecException e) {
                throw new SpecException("", source + ": configurations: " + e.getMessage());
            }
            cs.add(new Presets.Configuration(c.get("key") instanceof String ? (String) c.get("key") : "",
                    c.get("label") instanceof String ? (String) c.get("label") : "", spec));
        }
        Shards plan = new Shards(kind, name, quick, cs);
        int shards = integer(m, "shards", source);
        int shard = integer(m, "shard", source);
        checkShard(shard, shards);
        String build = string(m, "build", source);
        if (!(m.get("runs") instanceof List)) {
            throw new SpecException("", source + ": runs must be a list");
        }
        List<Unit> units = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Object o : (List<Object>) m.get("runs")) {
            if (!(o instanceof Map) || !(((Map<String, Object>) o).get("run") instanceof Map)) {
                throw new SpecException("", source + ": each of runs holds configuration, seedIndex and run");
            }
            Map<String, Object> r = (Map<String, Object>) o;
            int c = integer(r, "configuration", source);
            int s = integer(r, "seedIndex", source);
            if (c < 0 || c >= cs.size() || s < 0 || s >= cs.get(c).spec.seeds) {
                throw new SpecException("", source + ": no run configuration " + c + " seed index " + s);
            }
            units.add(plan.units.get(plan.indexOf(c, s)));
            runs.add((Map<String, Object>) r.get("run"));
        }
        double seconds = m.get("seconds") instanceof Number ? ((Number) m.get("seconds")).doubleValue() : Double.NaN;
        return new Part(source, plan, shard, shards, build, seconds, units, runs, Json.write(plan.identity()));
    }

    int indexOf(int configuration, int seedIndex) {
        int k = 0;
        for (int c = 0; c < configuration; c++) {
            k += configurations.get(c).spec.seeds;
        }
        return k + seedIndex;
    }

    private static Object number(Object o) {
        return o instanceof Number && ((Number) o).doubleValue() == Math.rint(((Number) o).doubleValue())
                ? (Object) ((Number) o).longValue() : o;
    }

    private static String string(Map<String, Object> m, String field, String source) {
        Object o = m.get(field);
        if (!(o instanceof String)) {
            throw new SpecException("", source + ": " + field + " must be a string");
        }
        return (String) o;
    }

    private static int integer(Map<String, Object> m, String field, String source) {
        Object o = number(m.get(field));
        if (!(o instanceof Long) || (Long) o > Integer.MAX_VALUE || (Long) o < Integer.MIN_VALUE) {
            throw new SpecException("", source + ": " + field + " must be an integer");
        }
        return (int) (long) (Long) o;
    }

    /** What the parts hold together: the runs present, the ones missing and the problems found. */
    public static final class Collection {
        public final Shards plan;
        public final int shards;
        public final String build;
        /** Per unit (plan order): its run's document, or null when missing. */
        public final List<Map<String, Object>> runs;
        public final List<String> problems;
        /** Shards (1…n) with no part. */
        public final List<Integer> missingShards;
        public final double seconds;
        public final double workDone;

        Collection(Shards plan, int shards, String build, List<Map<String, Object>> runs, List<String> problems,
                List<Integer> missingShards, double seconds, double workDone) {
            this.plan = plan;
            this.shards = shards;
            this.build = build;
            this.runs = runs;
            this.problems = problems;
            this.missingShards = missingShards;
            this.seconds = seconds;
            this.workDone = workDone;
        }

        public int done() {
            int d = 0;
            for (Map<String, Object> r : runs) {
                d += r == null ? 0 : 1;
            }
            return d;
        }

        /** The missing runs, named. */
        public List<String> missing() {
            List<String> out = new ArrayList<>();
            for (int u = 0; u < runs.size(); u++) {
                if (runs.get(u) == null) {
                    out.add(plan.units.get(u).toString());
                }
            }
            return out;
        }

        /**
         * The document {@code run} writes on one machine, from the runs' documents: byte for byte, with
         * its summary and checks. Throws when a run is missing or the parts disagree, naming them.
         */
        public String document() {
            List<String> all = new ArrayList<>(problems);
            if (!missingShards.isEmpty()) {
                all.add("no part for shard" + (missingShards.size() > 1 ? "s " : " ") + list(missingShards) + " of "
                        + shards);
            }
            List<String> missing = missing();
            if (!missing.isEmpty() && missingShards.isEmpty()) {
                all.add("missing runs: " + String.join(", ", missing));
            }
            if (!all.isEmpty()) {
                throw new SpecException("", String.join("; ", all));
            }
            List<Summary.Entry> entries = new ArrayList<>();
            int u = 0;
            for (Presets.Configuration c : plan.configurations) {
                entries.add(new Summary.Entry(c.label, c.key, c.spec, runs.subList(u, u + c.spec.seeds)));
                u += c.spec.seeds;
            }
            return Documents.of(plan.kind, plan.name, plan.quick, entries);
        }
    }

    private static String list(List<Integer> xs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xs.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(xs.get(i));
        }
        return sb.toString();
    }

    /**
     * Puts parts together: they must describe one plan, one shard count and one build; a run present in
     * two parts (a re-run shard) must have the same digest in both.
     */
    public static Collection collect(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new SpecException("", "no part files given");
        }
        Part first = parts.get(0);
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int u = 0; u < first.plan.units.size(); u++) {
            runs.add(null);
        }
        String[] from = new String[runs.size()];
        boolean[] seen = new boolean[first.shards];
        double seconds = 0;
        double work = 0;
        for (Part p : parts) {
            if (!p.identity.equals(first.identity)) {
                problems.add(p.source + " belongs to another " + (p.plan.kind.equals(first.plan.kind) ? first.plan.kind
                        : "kind of document") + " than " + first.source + " (" + p.plan.kind + " " + p.plan.name + " vs "
                        + first.plan.kind + " " + first.plan.name + ")");
                continue;
            }
            if (p.shards != first.shards) {
                problems.add(p.source + " is shard " + p.shard + "/" + p.shards + ", " + first.source + " one of "
                        + first.shards);
                continue;
            }
            if (!p.build.equals(first.build)) {
                problems.add(p.source + " comes from build " + p.build + ", " + first.source + " from " + first.build);
                continue;
            }
            String problem = p.problem(first.plan);
            if (problem != null) {
                problems.add(problem);
                continue;
            }
            if (!seen[p.shard - 1]) {
                seconds += p.seconds == p.seconds ? p.seconds : 0;
            }
            seen[p.shard - 1] = true;
            for (int k = 0; k < p.units.size(); k++) {
                Unit unit = p.units.get(k);
                int u = first.plan.indexOf(unit.configuration, unit.seedIndex);
                Map<String, Object> r = p.runs.get(k);
                if (runs.get(u) == null) {
                    runs.set(u, r);
                    from[u] = p.source;
                    work += unit.work;
                } else if (!runs.get(u).get("digest").equals(r.get("digest"))) {
                    problems.add(unit + " differs between " + from[u] + " (digest " + runs.get(u).get("digest") + ") and "
                            + p.source + " (digest " + r.get("digest") + ")");
                }
            }
        }
        List<Integer> missingShards = new ArrayList<>();
        for (int k = 0; k < seen.length; k++) {
            if (!seen[k]) {
                missingShards.add(k + 1);
            }
        }
        return new Collection(first.plan, first.shards, first.build, runs, problems, missingShards, seconds, work);
    }
}
