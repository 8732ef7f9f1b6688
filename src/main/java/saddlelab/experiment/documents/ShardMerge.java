package saddlelab.experiment.documents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.figures.Summary;
import saddlelab.experiment.spec.SpecException;

/**
 * The parts of a plan put back together ({@link #collect}): the runs present, the ones missing and the
 * problems found (parts of another plan, build or assignment, runs that disagree), and the document
 * {@code run} writes on one machine, byte for byte, once every run is there.
 */
public final class ShardMerge {
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

    ShardMerge(Shards plan, int shards, String build, List<Map<String, Object>> runs, List<String> problems,
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
                out.add(plan.units().get(u).toString());
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
    public static ShardMerge collect(List<ShardPart> parts) {
        if (parts.isEmpty()) {
            throw new SpecException("", "no part files given");
        }
        ShardPart first = parts.get(0);
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int u = 0; u < first.plan.units().size(); u++) {
            runs.add(null);
        }
        String[] from = new String[runs.size()];
        boolean[] seen = new boolean[first.shards];
        double seconds = 0;
        double work = 0;
        for (ShardPart p : parts) {
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
                Shards.Unit unit = p.units.get(k);
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
        return new ShardMerge(first.plan, first.shards, first.build, runs, problems, missingShards, seconds, work);
    }
}
