package saddlelab.experiment.documents;

import java.util.LinkedHashMap;
import java.util.Map;
import saddlelab.engine.Sha256;
import saddlelab.experiment.run.Budget;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.FieldReader;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.SpecException;

/**
 * A short link: a validated spec with an optional title and description, stored as canonical JSON
 * under a content address, {@code id = base64url(SHA-256(VERSION_TAG + document))} cut to 11
 * characters (66 bits). The same spec and texts always give the same id, so storing is idempotent and
 * several servers never conflict. Read by the server (which stores, {@code Links}) and the tests; the
 * page only posts the spec and shows the answer. Titles and descriptions are plain text: whoever
 * shows them must render them as text, never as HTML. (VERSION_TAG keeps its first-release wording:
 * changing it would change every id.)
 */
public final class Link {
    /** Changes only if the document format changes, so old links keep their ids. */
    public static final String VERSION_TAG = "saddle-lab-preset/1\n";
    public static final int ID_LENGTH = 11;
    public static final int MAX_TITLE = 120;
    public static final int MAX_DESCRIPTION = 2000;
    /**
     * The longest page link ({@code #spec=…}) the page offers as a link: beyond it (a spec carrying much data
     * given by value) links break in mail and chat, and the page offers the spec file instead.
     */
    public static final int MAX_PAGE_LINK = 8000;

    public final ExperimentSpec spec;
    public final String title;
    public final String description;
    /** Canonical JSON: {@code {"description"?, "spec", "title"?}}. */
    public final String document;
    public final String id;

    private Link(ExperimentSpec spec, String title, String description) {
        this.spec = spec;
        this.title = title;
        this.description = description;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec.toMap());
        if (!title.isEmpty()) {
            m.put("title", title);
        }
        if (!description.isEmpty()) {
            m.put("description", description);
        }
        this.document = Json.write(m);
        this.id = id(document);
    }

    /**
     * Reads {@code {"spec": {...}, "title"?: "...", "description"?: "..."}} strictly (no other key,
     * texts bounded and free of control characters other than newlines and tabs); any problem is a
     * {@link SpecException} naming the field.
     */
    public static Link parse(String json) {
        return fromValue(Json.parse(json));
    }

    public static Link fromValue(Object value) {
        FieldReader r = new FieldReader(value, "");
        if (!r.has("spec")) {
            throw r.missing("spec");
        }
        ExperimentSpec spec;
        try {
            spec = ExperimentSpec.fromValue(r.raw("spec"));
            Budget.BROWSER.check(spec); // a link is for the page: what it may cost a browser is bounded
        } catch (SpecException e) {
            // name the field as it stands in this document: spec.width, not width
            String field = e.field().isEmpty() ? "spec" : "spec." + e.field();
            String message = e.getMessage().startsWith(e.field() + ": ") && !e.field().isEmpty()
                    ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
            throw new SpecException(field, message);
        }
        String title = text(r, "title", MAX_TITLE, false);
        String description = text(r, "description", MAX_DESCRIPTION, true);
        r.finish();
        return new Link(spec, title, description);
    }

    private static String text(FieldReader r, String key, int max, boolean multiline) {
        if (!r.has(key)) {
            return "";
        }
        Object v = r.raw(key);
        if (!(v instanceof String)) {
            throw new SpecException(key, "must be a string");
        }
        String s = ((String) v).trim();
        if (s.length() > max) {
            throw new SpecException(key, "must be at most " + max + " characters (got " + s.length() + ")");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowedControl = multiline && (c == '\n' || c == '\t');
            if ((c < 0x20 || c == 0x7f) && !allowedControl) {
                throw new SpecException(key, "must not contain control characters");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(++i)))) {
                throw new SpecException(key, "must be valid Unicode text");
            }
        }
        return s;
    }

    /** The content address of a canonical document. */
    public static String id(String document) {
        byte[] digest = new Sha256().updateUtf8(VERSION_TAG + document).digest();
        return base64Url(digest).substring(0, ID_LENGTH);
    }

    /** Whether a string has the form of an id (so no lookup is made for anything else). */
    public static boolean isId(String s) {
        if (s == null || s.length() != ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            .toCharArray();

    /** RFC 4648 §5, no padding. */
    static String base64Url(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i + 2 < bytes.length; i += 3) {
            int n = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
            sb.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63]).append(ALPHABET[(n >>> 6) & 63])
                    .append(ALPHABET[n & 63]);
        }
        int rest = bytes.length - i;
        if (rest == 1) {
            int n = (bytes[i] & 0xff) << 16;
            sb.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63]);
        } else if (rest == 2) {
            int n = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8;
            sb.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63]).append(ALPHABET[(n >>> 6) & 63]);
        }
        return sb.toString();
    }
}
