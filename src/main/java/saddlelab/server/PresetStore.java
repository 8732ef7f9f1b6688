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
public final class PresetStore implements AutoCloseable {
    private final HikariDataSource pool;
    private final String description;

    private PresetStore(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /** The embedded default: {@code DIR/presets.sqlite}, created with its schema on first start. */
    public static PresetStore sqlite(Path dataDirectory) {
        return sqliteFile(dataDirectory.resolve("presets.sqlite"));
    }

    /** A SQLite database in this file (its directory is created if missing). */
    static PresetStore sqliteFile(Path file) {
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
        return open(c, "SQLite " + absolute);
    }

    /** Any JDBC URL ({@code jdbc:postgresql://…}, or {@code jdbc:sqlite:FILE}). */
    public static PresetStore jdbc(String url, String user, String password) {
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
        return open(c, at < 0 ? url : url.substring(0, at)); // never log credentials in the query
    }

    private static PresetStore open(HikariConfig c, String description) {
        c.setPoolName("presets");
        c.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(c);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PresetStore(pool, description);
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
