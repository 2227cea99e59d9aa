package dev.trae.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import dev.trae.aws.core.TraeValidationException;

/**
 * Immutable settings of a {@link TraeMcpServer}: transport, local mode, allowed directories, HTTP security and
 * the server's configuration file (a small {@code .properties} file; keys are listed in the module README).
 *
 * <pre>{@code
 * McpSettings s = McpSettings.builder().http(0).local(true).allowDir(Path.of("/work/project")).build();
 * try (TraeMcpServer server = TraeMcpServer.start(s)) {
 *     System.out.println(server.url() + " token " + server.token());
 * }
 * }</pre>
 */
public final class McpSettings {

    /** How the server talks to its client. */
    public enum Transport {
        /** JSON-RPC over standard input and output (the default; an IDE launches the server). */
        STDIO,
        /** Streamable HTTP on {@link #port()} (bearer token, Origin check). */
        HTTP
    }

    /** The environment variable a bearer token is read from unless told otherwise. */
    public static final String DEFAULT_TOKEN_ENV = "TRAE_MCP_TOKEN";

    private final Transport transport;
    private final int port;
    private final String bindAddress;
    private final boolean local;
    private final List<Path> allowedDirs;
    private final List<String> allowedOrigins;
    private final String tokenEnv;
    private final Map<String, String> properties;

    private McpSettings(Builder b) {
        this.transport = b.transport;
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.local = b.local;
        this.allowedDirs = List.copyOf(b.allowedDirs);
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.tokenEnv = b.tokenEnv;
        this.properties = Collections.unmodifiableMap(new TreeMap<>(b.properties));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.transport = transport;
        b.port = port;
        b.bindAddress = bindAddress;
        b.local = local;
        b.allowedDirs.addAll(allowedDirs);
        b.allowedOrigins.addAll(allowedOrigins);
        b.tokenEnv = tokenEnv;
        b.properties.putAll(properties);
        return b;
    }

    public Transport transport() {
        return transport;
    }

    /** The HTTP port (0 picks a free one); meaningless for stdio. */
    public int port() {
        return port;
    }

    /** The HTTP bind address, {@code 127.0.0.1} unless told otherwise. */
    public String bindAddress() {
        return bindAddress;
    }

    /** Whether the server runs on Trae Local (embedded S3 and AWS fakes) instead of AWS. */
    public boolean local() {
        return local;
    }

    /** Directories whose files tools may read, besides the MCP roots a client announces. */
    public List<Path> allowedDirs() {
        return allowedDirs;
    }

    /** Browser origins allowed to call the HTTP transport (requests without an Origin header are allowed). */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The environment variable holding the bearer token; when unset the server generates one and prints it. */
    public String tokenEnv() {
        return tokenEnv;
    }

    /** A configuration value. */
    public Optional<String> property(String key) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** Every configuration value whose key starts with {@code prefix}, keyed by the rest of the key. */
    public Map<String, String> properties(String prefix) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.trim());
            }
        });
        return out;
    }

    @Override
    public String toString() {
        // property values may name secrets' environment variables but never hold them; still, print keys only
        return "McpSettings{" + transport + (transport == Transport.HTTP ? " " + bindAddress + ":" + port : "") + ", local=" + local
                + ", allowedDirs=" + allowedDirs + ", keys=" + properties.keySet() + "}";
    }

    /** Builder for {@link McpSettings}. */
    public static final class Builder {
        private Transport transport = Transport.STDIO;
        private int port;
        private String bindAddress = "127.0.0.1";
        private boolean local;
        private final List<Path> allowedDirs = new ArrayList<>();
        private final List<String> allowedOrigins = new ArrayList<>();
        private String tokenEnv = DEFAULT_TOKEN_ENV;
        private final Map<String, String> properties = new TreeMap<>();

        private Builder() {
        }

        /** Standard input and output (the default). */
        public Builder stdio() {
            this.transport = Transport.STDIO;
            return this;
        }

        /** Streamable HTTP on {@code port} (0 picks a free port). */
        public Builder http(int port) {
            if (port < 0 || port > 65535) {
                throw new TraeValidationException("port", "must be between 0 and 65535, was " + port);
            }
            this.transport = Transport.HTTP;
            this.port = port;
            return this;
        }

        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder local(boolean on) {
            this.local = on;
            return this;
        }

        public Builder allowDir(Path dir) {
            this.allowedDirs.add(dir.toAbsolutePath().normalize());
            return this;
        }

        public Builder allowOrigin(String origin) {
            this.allowedOrigins.add(Objects.requireNonNull(origin, "origin"));
            return this;
        }

        public Builder tokenEnv(String name) {
            this.tokenEnv = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder property(String key, String value) {
            this.properties.put(key, value);
            return this;
        }

        /** Adds every entry of a {@code .properties} file. */
        public Builder propertiesFile(Path file) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new TraeValidationException("config", "cannot read " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> properties.put(k, p.getProperty(k)));
            return this;
        }

        public McpSettings build() {
            return new McpSettings(this);
        }
    }
}
