package dev.trae.oracle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.trae.aws.core.TraeValidationException;

/**
 * Where rows come from: a JDBC URL with credentials, or a {@link DataSource}. Immutable and thread-safe;
 * each export partition opens its own connection through it.
 *
 * <pre>{@code
 * JdbcSource oracle = JdbcSource.url("jdbc:oracle:thin:@//db:1521/FREEPDB1", () -> DbLogin.of("app", System.getenv("DB_PASSWORD")));
 * JdbcSource pg = JdbcSource.dataSource(myPool);
 * }</pre>
 *
 * <p>Credentials are fetched from the supplier for every new connection (so a secret rotated in Secrets
 * Manager is used on the next one) and never appear in {@link #toString()}, logs or exception messages.
 */
public final class JdbcSource {
    private final String url;
    private final Supplier<DbLogin> login;
    private final DataSource dataSource;
    private final Map<String, String> properties;

    private JdbcSource(String url, Supplier<DbLogin> login, DataSource dataSource, Map<String, String> properties) {
        this.url = url;
        this.login = login;
        this.dataSource = dataSource;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A JDBC URL with a fixed user and password. */
    public static JdbcSource url(String url, String user, String password) {
        DbLogin l = DbLogin.of(user, password);
        return url(url, () -> l);
    }

    /** A JDBC URL with credentials fetched from {@code login} for each connection (e.g. from Secrets Manager). */
    public static JdbcSource url(String url, Supplier<DbLogin> login) {
        if (url == null || !url.startsWith("jdbc:") || url.length() > 4096) {
            throw new TraeValidationException("jdbcUrl", "must be a JDBC URL starting with 'jdbc:'");
        }
        return new JdbcSource(url, Objects.requireNonNull(login, "login"), null, Map.of());
    }

    /**
     * A JDBC URL whose user and password come from a secret (Secrets Manager, an encrypted file, the
     * environment) through trae-security's {@link dev.trae.security.SecretsProvider}. The secret is read for
     * every new connection, so a rotated password is used from the next connection on.
     */
    public static JdbcSource secret(String url, dev.trae.security.SecretsProvider secrets, String secretId) {
        Objects.requireNonNull(secrets, "secrets");
        if (secretId == null || secretId.isBlank() || secretId.length() > 2048) {
            throw new TraeValidationException("secretId", "must be a non-blank secret name or ARN");
        }
        return url(url, () -> {
            dev.trae.security.model.DatabaseCredential c = secrets.databaseCredential(secretId);
            return DbLogin.of(c.username(), c.password());
        });
    }

    /** A JDBC URL without credentials (embedded databases, or credentials inside the URL). */
    public static JdbcSource url(String url) {
        JdbcSource s = url(url, () -> null);
        return s;
    }

    /** A data source (a pool, or a wrapper); its connections are closed after each partition. */
    public static JdbcSource dataSource(DataSource dataSource) {
        return new JdbcSource(null, null, Objects.requireNonNull(dataSource, "dataSource"), Map.of());
    }

    /**
     * A copy with an extra driver property, such as {@code oracle.jdbc.defaultLobPrefetchSize} or
     * {@code defaultRowPrefetch}. Only for URL sources.
     */
    public JdbcSource withProperty(String key, String value) {
        if (url == null) {
            throw new TraeValidationException("property", "driver properties apply to URL sources only; configure the DataSource instead");
        }
        if (key == null || key.isBlank() || value == null) {
            throw new TraeValidationException("property", "key and value must be non-empty");
        }
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(key, value);
        return new JdbcSource(url, login, null, p);
    }

    /**
     * Opens a new connection. For PostgreSQL URLs the driver property {@code prepareThreshold} defaults to
     * {@code -1}, so that rows arrive in the binary format (set it in the URL or with {@link #withProperty} to override).
     */
    public Connection open() throws SQLException {
        if (dataSource != null) {
            return dataSource.getConnection();
        }
        Properties p = new Properties();
        if (url.startsWith("jdbc:postgresql:")) {
            // rows in binary from the first execution: cheaper for the server to send and for the driver to read
            // (pgjdbc otherwise switches to binary only after five executions). The URL or withProperty overrides it.
            p.setProperty("prepareThreshold", "-1");
        }
        properties.forEach(p::setProperty);
        DbLogin l = login.get();
        if (l != null) {
            p.setProperty("user", l.user());
            p.setProperty("password", l.passwordString());
        }
        try {
            return connect(url, p);
        } catch (SQLException e) {
            // drivers may echo the URL; never the password we passed as a property
            String pw = l == null ? null : l.passwordString();
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (pw != null && !pw.isEmpty() && msg.contains(pw)) {
                SQLException clean = new SQLException(msg.replace(pw, "****"), e.getSQLState(), e.getErrorCode());
                clean.setStackTrace(e.getStackTrace());
                throw clean;
            }
            throw e;
        }
    }

    /** Driver classes for the URL prefixes the exporter knows. */
    private static final String[][] KNOWN_DRIVERS = {
        {"jdbc:postgresql:", "org.postgresql.Driver"}, {"jdbc:oracle:", "oracle.jdbc.OracleDriver"}, {"jdbc:h2:", "org.h2.Driver"}};
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<java.sql.Driver>> DRIVERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A connection from the driver a known URL prefix names, else (or when that driver is missing or declines the
     * URL) from {@link DriverManager}. DriverManager's first use loads and initialises every driver on the class
     * path: in the CLI jar that includes the Oracle driver, whose start-up (MBean registration) alone cost about 0.3
     * CPU s of every PostgreSQL export.
     */
    static Connection connect(String url, Properties p) throws SQLException {
        java.sql.Driver d = knownDriver(url);
        if (d != null) {
            Connection c = d.connect(url, p);
            if (c != null) {
                return c;
            }
        }
        return DriverManager.getConnection(url, p);
    }

    /** The driver for {@code url} when its prefix is a known one and the driver is on this class path, else null. */
    static java.sql.Driver knownDriver(String url) {
        for (String[] k : KNOWN_DRIVERS) {
            if (url.startsWith(k[0])) {
                return DRIVERS.computeIfAbsent(k[1], name -> {
                    try {
                        Class<?> c = Class.forName(name, true, JdbcSource.class.getClassLoader());
                        return java.util.Optional.of((java.sql.Driver) c.getDeclaredConstructor().newInstance());
                    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                        return java.util.Optional.empty();
                    }
                }).orElse(null);
            }
        }
        return null;
    }

    /** The URL with any password parameter masked, or a description of the data source. */
    public String describe() {
        if (url == null) {
            return "DataSource(" + dataSource.getClass().getSimpleName() + ")";
        }
        return maskUrl(url);
    }

    static String maskUrl(String url) {
        return url.replaceAll("(?i)(password|pwd)=([^;&]*)", "$1=****")
                .replaceAll("(?i)(//[^/@:]+):[^@/]+@", "$1:****@")
                .replaceAll("(?i)(jdbc:oracle:thin:[^/@]*)/[^@]+@", "$1/****@");
    }

    @Override
    public String toString() {
        return "JdbcSource[" + describe() + "]";
    }
}
