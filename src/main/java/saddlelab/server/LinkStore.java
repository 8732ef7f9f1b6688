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
 * Shared presets in a real database over JDBC: a SQLite file in the data directory by default, or
 * PostgreSQL (several servers behind a load balancer share it; content addressing makes their
 * writes conflict-free). The schema comes from Flyway migrations ({@code db/migration}). A preset is
 * acknowledged only after its transaction commits; SQLite runs in WAL mode with
 * {@code synchronous=FULL}, so an acknowledged preset survives a killed process (and a power cut).
 */
public final class LinkStore implements AutoCloseable {
    private final HikariDataSource pool;
    private final String description;
    /** The SQLite file, or null for a server database. */
    private final Path file;

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
        c.setMaximumPoolSize(4);
        if (Files.exists(absolute)) {
            // before the migrations touch it: a damaged file must stop the server, not answer "no such link"
            String check = quickCheck("jdbc:sqlite:" + absolute);
            if (!check.equals("ok")) {
                throw new IllegalStateException("the link store " + absolute + " is damaged (SQLite quick_check: "
                        + check + "): restore it from a backup, or move it away to start with an empty store");
            }
        }
        return open(c, "SQLite " + absolute, absolute);
    }

    /** SQLite's {@code PRAGMA quick_check} on a database: "ok", or its first finding. */
    static String quickCheck(String url) {
        try (Connection c = java.sql.DriverManager.getConnection(url);
                PreparedStatement st = c.prepareStatement("PRAGMA quick_check");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getString(1) : "no answer";
        } catch (SQLException e) {
            return e.getMessage();
        }
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
     * "full" (less than {@code minFree} bytes free where it lives) or "unavailable: …" (it does not answer).
     */
    String health(long minFree) {
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
        c.setPoolName("presets");
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
            }
            if (inserted == 1) {
                return true;
            }
            Optional<String> existing = get(c, id);
            if (existing.isPresent() && !existing.get().equals(document)) {
                throw new SQLException("id " + id + " already names another preset");
            }
            return false;
        }
    }

    public Optional<String> get(String id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return get(c, id);
        }
    }

    private static Optional<String> get(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT document FROM presets WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
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
