package saddlelab.experiment.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import saddlelab.engine.Rng;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.figures.Summary;
import saddlelab.experiment.figures.Sweep;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

/** Shards: the assignment covers every run once and balances the estimates; parts merge to the one-machine document, byte for byte. */
class ShardsTest {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":6,\"cols\":5,\"rank\":2,\"observed\":0.6},"
            + "\"depth\":3,\"width\":12,\"init\":{\"gamma\":1.5},\"learningRate\":0.1,\"steps\":200,\"seed\":7,"
            + "\"seeds\":3,\"records\":10}";

    /** Every run of the plan, computed once, in plan order (configuration, then seed index). */
    static List<Run> train(Shards plan) {
        List<Run> runs = new ArrayList<>();
        for (Shards.Unit u : plan.units()) {
            runs.add(new Run(plan.configurations.get(u.configuration).spec, u.seedIndex).complete());
        }
        return runs;
    }

    /** The runs' result documents, as shards write them into their parts. */
    static List<Map<String, Object>> documents(List<Run> runs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Run r : runs) {
            out.add(Results.runToMap(r));
        }
        return out;
    }

    static List<Map<String, Object>> compute(Shards plan) {
        return documents(train(plan));
    }

    /** What {@code run} writes on one machine for the plan: Results from the Run objects, as RunCommand calls it. */
    static String single(Shards plan, List<Run> runs) {
        if (plan.kind.equals("run")) {
            return Results.document(plan.configurations.get(0).spec, runs);
        }
        List<List<Run>> byConfiguration = new ArrayList<>();
        int u = 0;
        for (Presets.Configuration c : plan.configurations) {
            byConfiguration.add(runs.subList(u, u + c.spec.seeds));
            u += c.spec.seeds;
        }
        List<Summary.Entry> entries = Results.entries(plan.configurations, byConfiguration);
        return plan.kind.equals("preset") ? Results.presetDocument(plan.name, plan.quick, entries)
                : Results.sweepDocument(plan.name, entries);
    }

    /** The parts of n shards, as the shards would write them, from runs computed in plan order. */
    static List<String> parts(Shards plan, int n, List<Map<String, Object>> runs, String build) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            List<Map<String, Object>> mine = new ArrayList<>();
            for (Shards.Unit u : plan.shard(i, n)) {
                mine.add(runs.get(plan.indexOf(u.configuration, u.seedIndex)));
            }
            out.add(ShardPart.write(plan, i, n, build, mine, 1.5));
        }
        return out;
    }

    static ShardMerge collect(List<String> texts) {
        List<ShardPart> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            parts.add(ShardPart.read("part" + (i + 1), texts.get(i)));
        }
        return ShardMerge.collect(parts);
    }

    static Shards widthSweep() {
        return new Shards("sweep", "width", false, Sweep.of(ExperimentSpec.parse(SPEC), "width", new double[] {4, 8, 16, 32}));
    }

    @Test
    void everyRunIsInExactlyOneShardAndTheHeaviestShardIsWithinListSchedulingsBound() {
        List<Shards> plans = List.of(widthSweep(), new Shards("preset", "fig2", false, Presets.get("fig2").configurations(false)),
                new Shards("preset", "recovery", true, Presets.get("recovery").configurations(true)));
        for (Shards plan : plans) {
            double total = 0;
            double largest = 0;
            for (Shards.Unit u : plan.units()) {
                total += u.work;
                largest = Math.max(largest, u.work);
            }
            for (int n = 1; n <= plan.units().size() + 3; n++) {
                int[] a = plan.assignment(n);
                int[] count = new int[n + 1];
                for (int s : a) {
                    assertTrue(s >= 1 && s <= n, "shard in 1…n");
                    count[s]++;
                }
                int covered = 0;
                for (int i = 1; i <= n; i++) {
                    List<Shards.Unit> mine = plan.shard(i, n);
                    assertEquals(count[i], mine.size());
                    covered += mine.size();
                    if (n <= plan.units().size()) {
                        assertTrue(!mine.isEmpty(), plan.name + ": no shard is empty when there are enough runs (" + i + "/" + n + ")");
                    }
                }
                assertEquals(plan.units().size(), covered, "every run once");
                double heaviest = 0;
                for (double l : plan.loads(n)) {
                    heaviest = Math.max(heaviest, l);
                }
                // greedy list scheduling never exceeds the mean load plus one run
                assertTrue(heaviest <= total / n + largest * (1 - 1.0 / n) * (1 + 1e-12),
                        plan.name + " n=" + n + ": heaviest " + heaviest + ", mean " + total / n + ", largest run " + largest);
                // and the assignment is a function of the plan and n alone
                assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(new Shards(plan.kind, plan.name,
                        plan.quick, plan.configurations).assignment(n)));
            }
        }
    }

    @Test
    void mergingTheShardsOfASweepARunAndAPresetGivesTheOneMachineDocumentByteForByte() {
        ExperimentSpec five = ExperimentSpec.parse(SPEC.replace("\"seeds\":3", "\"seeds\":5"));
        List<Shards> plans = List.of(widthSweep(), new Shards("run", null, false, List.of(new Presets.Configuration("", "", five))),
                new Shards("preset", "degenerate", true, Presets.get("degenerate").configurations(true)));
        Rng rng = new Rng(5);
        for (Shards plan : plans) {
            List<Run> trained = train(plan);
            List<Map<String, Object>> runs = documents(trained);
            String expected = single(plan, trained);
            int units = plan.units().size();
            for (int n : new int[] {1, 2, 3, units, units + 2}) {
                List<String> texts = parts(plan, n, runs, "b1");
                Collections.shuffle(texts, new java.util.Random(rng.nextLong())); // the order parts arrive in does not matter
                assertEquals(expected, collect(texts).document(), plan.kind + " " + plan.name + " in " + n + " shards");
                // a re-run shard (the same part twice) merges the same
                List<String> twice = new ArrayList<>(texts);
                twice.add(texts.get(0));
                assertEquals(expected, collect(twice).document());
            }
        }
    }

    @Test
    void missingForeignStaleAndConflictingPartsAreNamed() {
        Shards plan = widthSweep();
        List<Run> trained = train(plan);
        List<Map<String, Object>> runs = documents(trained);
        List<String> texts = parts(plan, 4, runs, "b1");

        List<String> three = new ArrayList<>(texts.subList(0, 2));
        three.add(texts.get(3));
        SpecException missing = assertThrows(SpecException.class, () -> collect(three).document());
        assertTrue(missing.getMessage().contains("no part for shard 3 of 4"), missing.getMessage());

        // a run of a re-run shard that came out different (another build slipped in, a broken node)
        Map<String, Object> changed = new LinkedHashMap<>(runs.get(plan.indexOf(plan.shard(2, 4).get(0).configuration,
                plan.shard(2, 4).get(0).seedIndex)));
        changed.put("digest", "0123");
        List<Map<String, Object>> shard2 = new ArrayList<>();
        for (Shards.Unit u : plan.shard(2, 4)) {
            shard2.add(runs.get(plan.indexOf(u.configuration, u.seedIndex)));
        }
        shard2.set(0, changed);
        List<String> conflicting = new ArrayList<>(texts);
        conflicting.add(ShardPart.write(plan, 2, 4, "b1", shard2, 1));
        SpecException conflict = assertThrows(SpecException.class, () -> collect(conflicting).document());
        assertTrue(conflict.getMessage().contains(plan.shard(2, 4).get(0) + " differs between part2 (digest "), conflict.getMessage());
        assertTrue(conflict.getMessage().contains("part5 (digest 0123)"), conflict.getMessage());

        List<String> stale = new ArrayList<>(texts);
        stale.set(1, parts(plan, 4, runs, "b2").get(1));
        SpecException build = assertThrows(SpecException.class, () -> collect(stale).document());
        assertTrue(build.getMessage().contains("part2 comes from build b2, part1 from b1"), build.getMessage());

        Shards other = new Shards("sweep", "width", false, Sweep.of(ExperimentSpec.parse(SPEC), "width", new double[] {4, 8, 16, 33}));
        List<String> foreign = new ArrayList<>(texts);
        foreign.set(2, ShardPart.write(other, 3, 4, "b1", runsOf(other, 3, 4, compute(other)), 1));
        SpecException belongs = assertThrows(SpecException.class, () -> collect(foreign).document());
        assertTrue(belongs.getMessage().contains("part3 belongs to another sweep than part1"), belongs.getMessage());

        List<String> mixed = new ArrayList<>(texts);
        mixed.set(3, parts(plan, 5, runs, "b1").get(3));
        SpecException count = assertThrows(SpecException.class, () -> collect(mixed).document());
        assertTrue(count.getMessage().contains("part4 is shard 4/5, part1 one of 4"), count.getMessage());

        // a part whose runs are not its shard's (edited, or written by another assignment)
        String edited = texts.get(0).replaceFirst("\"seedIndex\":\\d", "\"seedIndex\":9");
        SpecException index = assertThrows(SpecException.class, () -> ShardPart.read("edited", edited));
        assertTrue(index.getMessage().contains("edited: no run configuration"), index.getMessage());
        SpecException notPart = assertThrows(SpecException.class, () -> ShardPart.read("doc.json", single(plan, trained)));
        assertTrue(notPart.getMessage().contains("doc.json: not a part file"), notPart.getMessage());
    }

    @Test
    void aPartVerifiesOnlyForItsPlanShardAndBuild() {
        Shards plan = widthSweep();
        List<Map<String, Object>> runs = compute(plan);
        ShardPart part = ShardPart.read("p", parts(plan, 3, runs, "b1").get(1));
        assertNull(part.mismatch(plan, 2, 3, "b1"));
        assertTrue(part.mismatch(plan, 2, 3, "b2").contains("build b1"));
        assertTrue(part.mismatch(plan, 1, 3, "b1").contains("shard 2/3, not 1/3"));
        assertNotEquals(null, part.mismatch(new Shards("sweep", "width", true, plan.configurations), 2, 3, "b1"));
        assertThrows(SpecException.class, () -> plan.shard(4, 3));
        assertThrows(SpecException.class, () -> plan.assignment(0));
    }

    static List<Map<String, Object>> runsOf(Shards plan, int i, int n, List<Map<String, Object>> all) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Shards.Unit u : plan.shard(i, n)) {
            out.add(all.get(plan.indexOf(u.configuration, u.seedIndex)));
        }
        return out;
    }
}
