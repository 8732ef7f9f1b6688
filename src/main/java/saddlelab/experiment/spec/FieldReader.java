package saddlelab.experiment.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one JSON object against a whitelist: every accessor names its key, checks
 * type and range and reports the dotted field path; {@link #finish()} rejects keys nobody asked for.
 */
public final class FieldReader {
    private final Map<String, Object> map;
    private final String path;
    private final Set<String> known = new HashSet<>();

    @SuppressWarnings("unchecked")
    public FieldReader(Object value, String path) {
        if (!(value instanceof Map)) {
            throw new SpecException(path, "must be a JSON object");
        }
        this.map = (Map<String, Object>) value;
        this.path = path;
    }

    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        known.add(key);
        return map.containsKey(key);
    }

    public Object raw(String key) {
        known.add(key);
        return map.get(key);
    }

    /** What a value of the wrong type is, for messages: the text "fast", a list, an object, true. */
    static String got(Object v) {
        if (v instanceof String) {
            return "the text \"" + abbreviate((String) v) + "\"";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v == null ? "null" : String.valueOf(v);
    }

    private double number(String key, Object v) {
        if (!(v instanceof Double)) {
            throw new SpecException(field(key), "must be a number, e.g. 0.1 or 1e-3 (got " + got(v) + ")");
        }
        double d = (Double) v;
        if (d - d != 0) {
            throw new SpecException(field(key), "must be finite");
        }
        return d;
    }

    /** "is required", and when a key of the object looks like a typo of it, which one. */
    public SpecException missing(String key) {
        for (String k : map.keySet()) {
            if (!k.equals(key) && distance(k, key) <= 2 && key.length() >= 3) {
                return new SpecException(field(key), "is required (is \"" + abbreviate(k) + "\" a typo for it?)");
            }
        }
        return new SpecException(field(key), "is required");
    }

    /** Edit distance (insertions, deletions, substitutions, swaps of neighbours), for typo hints. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    public double number(String key, double min, double max, boolean minExclusive) {
        if (!has(key)) {
            throw missing(key);
        }
        double d = number(key, map.get(key));
        checkRange(field(key), d, min, max, minExclusive);
        return d;
    }

    public double number(String key, double min, double max, boolean minExclusive, double fallback) {
        return has(key) ? number(key, min, max, minExclusive) : fallback;
    }

    static void checkRange(String field, double d, double min, double max, boolean minExclusive) {
        if (minExclusive ? !(d > min) : !(d >= min)) {
            throw new SpecException(field, "must be " + (minExclusive ? "greater than " : "at least ")
                    + NumberText.format(min) + " (got " + NumberText.format(d) + ")");
        }
        if (!(d <= max)) {
            throw new SpecException(field, "must be at most " + NumberText.format(max) + " (got "
                    + NumberText.format(d) + ")");
        }
    }

    public long integer(String key, long min, long max) {
        if (!has(key)) {
            throw missing(key);
        }
        return integerValue(field(key), map.get(key), min, max);
    }

    public long integer(String key, long min, long max, long fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    static long integerValue(String field, Object v, long min, long max) {
        if (!(v instanceof Double)) {
            throw new SpecException(field, "must be a whole number, e.g. " + Math.max(min, Math.min(max, 10)) + " (got "
                    + got(v) + ")");
        }
        double d = (Double) v;
        if (d - d != 0) {
            throw new SpecException(field, "must be finite");
        }
        if (d != Math.floor(d) || Math.abs(d) > 9007199254740991.0) {
            throw new SpecException(field, "must be an integer (got " + NumberText.format(d) + ")");
        }
        long n = (long) d;
        if (n < min || n > max) {
            throw new SpecException(field, "must be between " + min + " and " + max + " (got " + n + ")");
        }
        return n;
    }

    /** Whether the key is there; without it a null {@code fallback} means the key is required (an error). */
    private boolean present(String key, String fallback) {
        if (has(key)) {
            return true;
        }
        if (fallback == null) {
            throw missing(key);
        }
        return false;
    }

    public String string(String key, String fallback, String... allowed) {
        if (!present(key, fallback)) {
            return fallback;
        }
        Object v = map.get(key);
        if (!(v instanceof String)) {
            throw new SpecException(field(key), "must be one of " + String.join(", ", allowed) + " in quotes (got "
                    + got(v) + ")");
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new SpecException(field(key), "must be one of " + String.join(", ", allowed) + " (got \""
                + abbreviate((String) v) + "\")");
    }

    /** Free text (a name, a label, a build id); without the key, {@code fallback} (null: the key is required). */
    public String text(String key, String fallback) {
        if (!present(key, fallback)) {
            return fallback;
        }
        Object v = map.get(key);
        if (!(v instanceof String)) {
            throw new SpecException(field(key), "must be text in quotes (got " + got(v) + ")");
        }
        return (String) v;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = map.get(key);
        if (!(v instanceof Boolean)) {
            throw new SpecException(field(key), "must be true or false (got " + got(v) + ")");
        }
        return (Boolean) v;
    }

    @SuppressWarnings("unchecked")
    public List<Object> array(String key, int minLength, int maxLength) {
        Object v = raw(key);
        if (!(v instanceof List)) {
            throw new SpecException(field(key), "must be a list, e.g. [1, 2, 3] (got " + got(v) + ")");
        }
        List<Object> list = (List<Object>) v;
        if (list.size() < minLength || list.size() > maxLength) {
            throw new SpecException(field(key), "must have between " + minLength + " and " + maxLength
                    + " entries (got " + list.size() + ")");
        }
        return list;
    }

    public void finish() {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                String near = null;
                for (String k : known) {
                    if (distance(k, key) <= 2 && (near == null || distance(k, key) < distance(near, key))) {
                        near = k;
                    }
                }
                throw new SpecException(field(key), "unknown field" + (near != null ? " (did you mean " + near + "?)"
                        : "; this object takes " + String.join(", ", new java.util.TreeSet<>(known))));
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
