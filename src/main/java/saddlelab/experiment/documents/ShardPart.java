package saddlelab.experiment.documents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.FieldReader;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.SpecException;

/**
 * One shard's results as a part file, written by the node that ran them and read back for the merge:
 * {@code {"part": 1, "kind", "name", "quick", "configurations": [{"label", "key", "spec"}], "shard",
 * "shards", "build", "runs": [{"configuration", "seedIndex", "run"}], "seconds"}}, the runs as
 * {@link Results#runToMap} writes them. A part read back carries its plan (rebuilt from the specs it
 * holds) and says what is wrong with it ({@link #problem}, {@link #mismatch}), or nothing.
 */
public final class ShardPart {
    public final String source;
    public final Shards plan;
    public final int shard;
    public final int shards;
    public final String build;
    public final double seconds;
    /** Its runs: unit → result document, in the part's order. */
    public final List<Shards.Unit> units;
    public final List<Map<String, Object>> runs;
    final String identity;

    ShardPart(String source, Shards plan, int shard, int shards, String build, double seconds, List<Shards.Unit> units,
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
        List<Shards.Unit> expected = against.shard(shard, shards);
        if (expected.size() != units.size()) {
            return source + ": shard " + shard + "/" + shards + " should hold " + expected.size() + " runs, holds "
                    + units.size();
        }
        for (int k = 0; k < units.size(); k++) {
            Shards.Unit e = expected.get(k);
            Shards.Unit u = units.get(k);
            if (e.configuration != u.configuration || e.seedIndex != u.seedIndex) {
                return source + ": run " + (k + 1) + " is " + u + ", shard " + shard + "/" + shards + " assigns " + e;
            }
            if (!(runs.get(k).get("digest") instanceof String)) {
                return source + ": " + u + " has no digest";
            }
        }
        return null;
    }

    /**
     * A part's document: shard {@code i} of {@code n} of the plan.
     *
     * @param runs the shard's runs (result documents), in the order of {@code shard(i, n)}
     */
    public static String write(Shards plan, int i, int n, String build, List<Map<String, Object>> runs, double seconds) {
        List<Shards.Unit> mine = plan.shard(i, n);
        if (runs.size() != mine.size()) {
            throw new IllegalArgumentException("shard " + i + " has " + mine.size() + " runs, got " + runs.size());
        }
        Map<String, Object> m = plan.identity();
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

    /**
     * Reads a part (its plan is rebuilt from the specs it carries) through the specs' own field reader:
     * a malformed one is a SpecException naming the file and the field.
     */
    public static ShardPart read(String source, String text) {
        Object value;
        try {
            value = Json.parseDocument(text);
        } catch (SpecException e) {
            throw new SpecException("", source + ": not JSON (" + e.getMessage() + ")");
        }
        if (!(value instanceof Map) || !Double.valueOf(Shards.FORMAT).equals(((Map<?, ?>) value).get("part"))) {
            throw new SpecException("", source + ": not a part file (expected \"part\": " + Shards.FORMAT + ")");
        }
        try {
            return read(source, new FieldReader(value, ""));
        } catch (SpecException e) {
            throw new SpecException("", source + ": " + e.getMessage());
        }
    }

    private static ShardPart read(String source, FieldReader r) {
        r.raw("part");
        String kind = r.string("kind", null, "preset", "sweep", "run");
        String name = r.raw("name") instanceof String ? (String) r.raw("name") : null;
        boolean quick = r.bool("quick", false);
        List<Object> list = r.array("configurations", 1, Shards.MAX_SHARDS);
        List<Presets.Configuration> cs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            FieldReader c = new FieldReader(list.get(i), "configurations[" + i + "]");
            ExperimentSpec spec = ExperimentSpec.fromValue(c.raw("spec"));
            cs.add(new Presets.Configuration(c.text("key", ""), c.text("label", ""), spec));
            c.finish();
        }
        Shards plan = new Shards(kind, name, quick, cs);
        int shards = (int) r.integer("shards", 1, Shards.MAX_SHARDS);
        int shard = (int) r.integer("shard", 1, shards);
        String build = r.text("build", null);
        List<Shards.Unit> units = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Object> entries = r.array("runs", 0, Integer.MAX_VALUE);
        for (int k = 0; k < entries.size(); k++) {
            FieldReader e = new FieldReader(entries.get(k), "runs[" + k + "]");
            int c = (int) e.integer("configuration", 0, Integer.MAX_VALUE);
            int s = (int) e.integer("seedIndex", 0, Integer.MAX_VALUE);
            if (c >= cs.size() || s >= cs.get(c).spec.seeds) {
                throw new SpecException("", "no run configuration " + c + " seed index " + s);
            }
            Object run = e.raw("run");
            if (!(run instanceof Map)) {
                throw new SpecException(e.field("run"), "must be a run's document (an object)");
            }
            e.finish();
            units.add(plan.units().get(plan.indexOf(c, s)));
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) run;
            runs.add(doc);
        }
        double seconds = r.raw("seconds") instanceof Double ? (Double) r.raw("seconds") : Double.NaN;
        r.finish();
        return new ShardPart(source, plan, shard, shards, build, seconds, units, runs, Json.write(plan.identity()));
    }
}
