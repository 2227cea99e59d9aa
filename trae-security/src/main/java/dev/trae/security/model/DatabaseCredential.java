package dev.trae.security.model;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.Redaction;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.MalformedSecretException;

/**
 * A database login as kept in a JSON secret (the Secrets Manager rotation templates' shape):
 * {@code {"username","password","host","port","dbname" | "serviceName","engine"}}. Immutable;
 * {@link #toString()} masks the password.
 *
 * <pre>{@code
 * DatabaseCredential db = secrets.databaseCredential("prod/oracle/export");
 * DriverManager.getConnection("jdbc:oracle:thin:@//" + db.host() + ":" + db.port() + "/" + db.serviceName().orElseThrow(),
 *         db.username(), db.password());
 * }</pre>
 */
public final class DatabaseCredential {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String username;
    private final String password;
    private final String host;
    private final Integer port;
    private final String serviceName;
    private final String dbname;
    private final String engine;

    private DatabaseCredential(Builder b) {
        if (b.username == null || b.username.isBlank()) {
            throw new TraeValidationException("username", "a database credential needs a username");
        }
        if (b.password == null) {
            throw new TraeValidationException("password", "a database credential needs a password");
        }
        if (b.port != null && (b.port < 1 || b.port > 65_535)) {
            throw new TraeValidationException("port", "must be between 1 and 65535, was " + b.port);
        }
        this.username = b.username;
        this.password = b.password;
        this.host = b.host;
        this.port = b.port;
        this.serviceName = b.serviceName;
        this.dbname = b.dbname;
        this.engine = b.engine;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().username(username).password(password).host(host).port(port).serviceName(serviceName)
                .dbname(dbname).engine(engine);
    }

    /**
     * Parses a JSON secret. Accepts {@code username|user}, {@code password}, {@code host},
     * {@code port} (number or string), {@code serviceName|service_name|service}, {@code dbname|dbName|database},
     * {@code engine}. Throws {@link MalformedSecretException} naming the secret and the problem, never the value.
     */
    public static DatabaseCredential fromJson(String secretId, String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            // the parser's message quotes the input: never chain it
            throw new MalformedSecretException("secret '" + secretId + "' is not valid JSON (line "
                    + (e.getLocation() != null ? e.getLocation().getLineNr() : -1) + ")");
        }
        if (n == null || !n.isObject()) {
            throw new MalformedSecretException("secret '" + secretId + "' must be a JSON object with username and password");
        }
        Builder b = builder();
        b.username(text(secretId, n, "username", "user"));
        b.password(text(secretId, n, "password"));
        b.host(text(secretId, n, "host"));
        b.serviceName(text(secretId, n, "serviceName", "service_name", "service"));
        b.dbname(text(secretId, n, "dbname", "dbName", "database"));
        b.engine(text(secretId, n, "engine"));
        JsonNode port = n.get("port");
        if (port != null && !port.isNull()) {
            if (port.canConvertToInt() && port.isIntegralNumber()) {
                b.port(port.intValue());
            } else if (port.isTextual() && port.asText().matches("\\d{1,5}")) {
                b.port(Integer.parseInt(port.asText()));
            } else {
                throw new MalformedSecretException("secret '" + secretId + "': field 'port' is not a port number");
            }
        }
        if (b.username == null || b.username.isBlank()) {
            throw new MalformedSecretException("secret '" + secretId + "' has no 'username'");
        }
        if (b.password == null) {
            throw new MalformedSecretException("secret '" + secretId + "' has no 'password'");
        }
        try {
            return b.build();
        } catch (TraeValidationException e) {
            throw new MalformedSecretException("secret '" + secretId + "': " + e.getMessage());
        }
    }

    private static String text(String secretId, JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) {
                if (!v.isValueNode()) {
                    throw new MalformedSecretException("secret '" + secretId + "': field '" + name + "' must be a string");
                }
                return v.asText();
            }
        }
        return null;
    }

    /** The JSON form, the inverse of {@link #fromJson(String, String)}. Contains the password: never log it. */
    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("username", username).put("password", password);
        if (host != null) {
            o.put("host", host);
        }
        if (port != null) {
            o.put("port", port);
        }
        if (serviceName != null) {
            o.put("serviceName", serviceName);
        }
        if (dbname != null) {
            o.put("dbname", dbname);
        }
        if (engine != null) {
            o.put("engine", engine);
        }
        return o.toString();
    }

    public String username() {
        return username;
    }

    /** The password. Never log it; {@link #toString()} masks it. */
    public String password() {
        return password;
    }

    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    public Optional<Integer> port() {
        return Optional.ofNullable(port);
    }

    /** Oracle service name, when given. */
    public Optional<String> serviceName() {
        return Optional.ofNullable(serviceName);
    }

    /** Database name (PostgreSQL, MySQL), when given. */
    public Optional<String> dbname() {
        return Optional.ofNullable(dbname);
    }

    public Optional<String> engine() {
        return Optional.ofNullable(engine);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseCredential d && d.username.equals(username) && d.password.equals(password)
                && Objects.equals(d.host, host) && Objects.equals(d.port, port) && Objects.equals(d.serviceName, serviceName)
                && Objects.equals(d.dbname, dbname) && Objects.equals(d.engine, engine);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, host, port, serviceName, dbname);
    }

    @Override
    public String toString() {
        return "DatabaseCredential[username=" + username + ", password=" + Redaction.MASK
                + (host != null ? ", host=" + host : "") + (port != null ? ", port=" + port : "")
                + (serviceName != null ? ", serviceName=" + serviceName : "") + (dbname != null ? ", dbname=" + dbname : "")
                + (engine != null ? ", engine=" + engine : "") + "]";
    }

    /** Builder for {@link DatabaseCredential}. */
    public static final class Builder {
        private String username;
        private String password;
        private String host;
        private Integer port;
        private String serviceName;
        private String dbname;
        private String engine;

        private Builder() {
        }

        public Builder username(String v) {
            this.username = v;
            return this;
        }

        public Builder password(String v) {
            this.password = v;
            return this;
        }

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        public Builder port(Integer v) {
            this.port = v;
            return this;
        }

        public Builder serviceName(String v) {
            this.serviceName = v;
            return this;
        }

        public Builder dbname(String v) {
            this.dbname = v;
            return this;
        }

        public Builder engine(String v) {
            this.engine = v;
            return this;
        }

        @Override
        public String toString() {
            return "DatabaseCredential.Builder[username=" + username + ", password=" + Redaction.mask(password) + "]";
        }

        public DatabaseCredential build() {
            return new DatabaseCredential(this);
        }
    }

}
