package saddlelab.experiment.spec;

/** A rejected spec or JSON document; {@link #field()} names the offending field (dotted path). */
public final class SpecException extends RuntimeException {
    private final String field;

    public SpecException(String field, String message) {
        super(field == null || field.isEmpty() ? message : field + ": " + message);
        this.field = field == null ? "" : field;
    }

    public String field() {
        return field;
    }
}
