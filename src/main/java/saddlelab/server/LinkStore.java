package saddlelab.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * Shared links in a real database over JDBC: a SQLite file in the data directory by default, or
 * PostgreSQL (several servers behind a load balancer share it; content addressing makes their
 * writes conflict-free). The schema comes from Flyway migrations ({@code db/migration}). A link is
 * acknowledged only after its transaction commits; SQLite runs in WAL mode with
 * {@code synchronous=FULL}, so an acknowledged link survives a killed process (and a power cut).
 *
 * <p>A store refuses damage rather than hide it: a SQLite file that is empty, unreadable, read-only,
 * not a database, or fails {@code PRAGMA integrity_check} (which, unlike {@code quick_check}, also finds
 * a damaged index, the kind that makes links silently 404) stops the server at start with what is
 * wrong and what to do; and every document read is checked against its content id, so an edited row
 * is never served under the id of what it was ({@link DamagedLinkException}).
 */
public final class LinkStore implements AutoCloseable {
    private final HikariDataSource pool;
    private final String description;
    /** The SQLite file, or null for a server database. */
    private final Path file;
    /** When a write last failed for want of space (System.nanoTime), or 0: health then says "full" for a minute. */
    private volatile long fullAt;

    private LinkStore(HikariDataSource pool, String description, Path file) {
        this.pool = pool;
        this.description = description;
        this.file = file;
    }

    /** The embedded default: {@code DIR/presets.sqlite}, created with its schema on first start. */
    public static LinkStore sqlite(Path dataDirectory) {
        return sqliteFile(dataDirectory.resolve("presets.sqlite"));
    }

    /** A SQLite database in this file (its directory is created if missing). */
    static LinkStore sqliteFile(Path file) {
        return sqliteFile(file, java.util.Map.of());
    }

    /** The same, with SQLite pragmas of the caller's (tests: {@code max_page_count} for a full disk). */
    static LinkStore sqliteFile(Path file, java.util.Map<String, String> pragmas) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory " + absolute.getParent() + ": "
                    + e.getMessage(), e);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + absolute);
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "FULL");
        c.addDataSourceProperty("busy_timeout", "10000");
        pragmas.forEach(c::addDataSourceProperty);
        c.setMaximumPoolSize(4);
        if (Files.exists(absolute)) {
            // before the migrations touch it: a damaged file must stop the server, not answer "no such link"
            String problem = problem(absolute);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
        }
        return open(c, "SQLite " + absolute, absolute);
    }

    /** What is wrong with an existing SQLite store, and what to do about it; null when it is sound. */
    static String problem(Path file) {
        String store = "the link store " + file;
        if (!Files.isReadable(file)) {
            return store + " cannot be read (permission denied): let the server's user read and write it, or choose "
                    + "another directory with --data";
        }
        if (!Files.isWritable(file) || !Files.isWritable(file.getParent())) {
            return store + " is read-only (the file or its directory cannot be written, e.g. a read-only mount): "
                    + "the server stores links there, so make it writable, or copy it to a writable directory and "
                    + "start with --data DIR";
        }
        long size;
        byte[] head = new byte[16];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            int n = in.readNBytes(head, 0, head.length);
            if (size > 0 && n < head.length) {
                head = java.util.Arrays.copyOf(head, n);
            }
        } catch (java.io.IOException e) {
            return store + " cannot be read (" + e.getMessage() + ")";
        }
        if (size == 0) {
            return store + " is an empty file (0 bytes), not a database: if it held links, restore it from a backup; "
                    + "if it never did, delete it and the server creates a new one";
        }
        if (!new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")) {
            return store + " is not a SQLite database (it does not start as one): restore it from a backup, or keep it "
                    + "aside and delete it to start with an empty store";
        }
        String check = integrityCheck("jdbc:sqlite:" + file);
        if (!check.equals("ok")) {
            return store + " is damaged (SQLite integrity_check: " + check + "): restore it from a backup, or keep a "
                    + "copy aside and delete it to start with an empty store";
        }
        return null;
    }

    /**
     * SQLite's {@code PRAGMA integrity_check} on a database: "ok", or its first finding. Unlike
     * {@code quick_check} it compares every index with its table (measured: docs/security.md).
     */
    static String integrityCheck(String url) {
        try (Connection c = java.sql.DriverManager.getConnection(url);
                PreparedStatement st = c.prepareStatement("PRAGMA integrity_check(1)");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getString(1) : "no answer";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Whether an error says the database or its disk is full (SQLite's SQLITE_FULL, PostgreSQL's 53100). */
    static boolean isFull(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                SQLException q = (SQLException) t;
                if ("53100".equals(q.getSQLState()) || q.getErrorCode() == 13
                        || String.valueOf(q.getMessage()).contains("SQLITE_FULL")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Folds SQLite's write-ahead log into the database file (at a clean shutdown). */
    void checkpoint() {
        if (file == null) {
            return;
        }
        try (Connection c = pool.getConnection();
                PreparedStatement st = c.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)")) {
            st.execute();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(LinkStore.class).warn("checkpoint of {}: {}", file, e.getMessage());
        }
    }

    /**
     * What the store can do now: "ok", "read-only" (the database or its directory cannot be written),
     * "full" (less than {@code minFree} bytes free where it lives, or a write failed for want of space in
     * the last minute) or "unavailable: …" (it does not answer). A POST is refused unless this says "ok".
     */
    String health(long minFree) {
        long full = fullAt;
        if (full != 0 && System.nanoTime() - full < 60_000_000_000L) {
            return "full";
        }
        try (Connection c = pool.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM presets WHERE id = ''");
                ResultSet rs = st.executeQuery()) {
            rs.next();
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
        if (file == null) {
            return "ok";
        }
        if (!Files.isWritable(file) || !Files.isWritable(file.getParent())) {
            return "read-only";
        }
        try {
            if (Files.getFileStore(file).getUsableSpace() < minFree) {
                return "full";
            }
        } catch (java.io.IOException e) {
            return "unavailable: " + e.getMessage();
        }
        return "ok";
    }

    /** Any JDBC URL ({@code jdbc:postgresql://…}, or {@code jdbc:sqlite:FILE}). */
    public static LinkStore jdbc(String url, String user, String password) {
        if (url.startsWith("jdbc:sqlite:")) {
            return sqliteFile(Path.of(url.substring("jdbc:sqlite:".length())));
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        if (user != null) {
            c.setUsername(user);
        }
        if (password != null) {
            c.setPassword(password);
        }
        c.setMaximumPoolSize(8);
        int at = url.indexOf('?');
        return open(c, at < 0 ? url : url.substring(0, at), null); // never log credentials in the query
    }

    private static LinkStore open(HikariConfig c, String description, Path file) {
        c.setPoolName("links");
        c.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(c);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new LinkStore(pool, description, file);
    }

    public String description() {
        return description;
    }

    /**
     * Stores a document under its id; true if it was new. Idempotent: storing the same pair again
     * changes nothing. An id already bound to another document (a 66-bit collision) is refused.
     */
    public boolean put(String id, String document) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            int inserted;
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO presets (id, document, created_ms) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                st.setString(1, id);
                st.setString(2, document);
                st.setLong(3, System.currentTimeMillis());
                inserted = st.executeUpdate();
            } catch (SQLException e) {
                if (isFull(e)) {
                    fullAt = System.nanoTime() | 1;
                }
                throw e;
            }
            if (inserted == 1) {
                return true;
            }
            Optional<String> existing = get(c, id);
            if (existing.isPresent() && !existing.get().equals(document)) {
                throw new SQLException("id " + id + " already names another link");
            }
            return false;
        }
    }

    /**
     * The document stored under an id. Its content id is recomputed: a document that no longer hashes to
     * its id (edited in the database, damaged on disk) is never returned ({@link DamagedLinkException}).
     */
    public Optional<String> get(String id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return get(c, id);
        }
    }

    private Optional<String> get(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT document FROM presets WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String document = rs.getString(1);
                if (!saddlelab.experiment.documents.Link.id(document).equals(id)) {
                    org.slf4j.LoggerFactory.getLogger(LinkStore.class).error("link {} in {} is damaged: its document "
                            + "no longer matches its content id; it is not served (restore the row from a backup)", id,
                            description);
                    throw new DamagedLinkException(id);
                }
                return Optional.of(document);
            }
        }
    }

    /** A stored document that no longer matches its content id: never served. */
    public static final class DamagedLinkException extends SQLException {
        private static final long serialVersionUID = 1L;

        DamagedLinkException(String id) {
            super("the stored link " + id + " is damaged (its content no longer matches its id)");
        }
    }

    public long count() throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM presets");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
