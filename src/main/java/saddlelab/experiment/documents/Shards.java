package saddlelab.experiment.documents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.run.Budget;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

/**
 * A preset, sweep or spec cut into shards for a cluster. The unit of
 * work is one run, (configuration c, seed index s): deterministic to the bit, so a run computed on any
 * node is the run, and the document merged from the parts is the one {@code run} writes on one machine.
 *
 * <p>The assignment (docs/cluster.md): the units in order of decreasing estimated cost
 * ({@link Budget#estimate} of the configuration's spec, per run), ties in (c, s) order, each to the
 * shard with the least estimated work so far, ties to the lowest shard (longest-processing-time first:
 * within 4/3 of the best balance). It depends only on the spec and N, and the estimate is plain
 * arithmetic, so every node computes the same assignment.
 *
 * <p>This class is the plan; a shard's results travel as a part file ({@link ShardPart}) and the
 * parts are put back together by {@link ShardMerge}.
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

    int indexOf(int configuration, int seedIndex) {
        int k = 0;
        for (int c = 0; c < configuration; c++) {
            k += configurations.get(c).spec.seeds;
        }
        return k + seedIndex;
    }
}
