package dev.trae.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The command line: every option in both forms, and clear refusals of bad input before anything starts. */
class CliTest {

    @Test
    void parsesEveryOption_inBothForms() {
        TraeMcpServer.Cli c = TraeMcpServer.Cli.parse("--local", "--http", "0", "--bind=0.0.0.0", "--allow-dir", "/a",
                "--allow-dir=/b", "--allow-origin", "http://x", "--config", "c.properties", "--token-env=TOK");
        assertThat(c.local).isTrue();
        assertThat(c.httpPort).isZero();
        assertThat(c.bind).isEqualTo("0.0.0.0");
        assertThat(c.allowDirs).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(c.origins).containsExactly("http://x");
        assertThat(c.config).isEqualTo(Path.of("c.properties"));
        assertThat(c.tokenEnv).isEqualTo("TOK");
        TraeMcpServer.Cli d = TraeMcpServer.Cli.parse();
        assertThat(d.local).isFalse();
        assertThat(d.httpPort).isNull();
        assertThat(d.bind).isEqualTo("127.0.0.1");
        assertThat(d.tokenEnv).isEqualTo(McpSettings.DEFAULT_TOKEN_ENV);
        assertThat(TraeMcpServer.Cli.parse("-h").help).isTrue();
        assertThat(TraeMcpServer.Cli.parse("--version").version).isTrue();
    }

    @Test
    void badArguments_areRefusedWithTheReason() {
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--htp", "1")).hasMessageContaining("unknown option '--htp'");
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--http")).hasMessageContaining("missing value for --http");
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--http", "--local")).hasMessageContaining("missing value for --http");
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--http", "eighty")).hasMessageContaining("port number, got 'eighty'");
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--http", "70000")).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--local=yes")).hasMessageContaining("--local takes no value");
        assertThatThrownBy(() -> TraeMcpServer.Cli.parse("--config")).hasMessageContaining("missing value for --config");
    }
}
