package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.TraeValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per audit log. Two writers (two MCP servers given the same file, say) each continue the chain from
 * the head they read when they opened it, so the second one's records break it; seen in a benchmark that started
 * two servers with one configuration. A second writer is now refused before it writes, in this JVM and from
 * another process.
 */
class AuditSingleWriterTest {
    @TempDir
    Path dir;

    private AuditKey key() {
        return AuditKey.wrappedBy(LocalKeyring.createOrLoad(dir.resolve("audit.key"), AuditSink.noop()));
    }

    @Test
    void aSecondWriterInTheSameJvmIsRefused_andTheChainStillVerifies() {
        Path file = dir.resolve("audit.jsonl");
        AuditKey key = key();
        try (AuditLog first = AuditLog.open(file, key)) {
            first.record(AuditChainTest.event(1));
            assertThatThrownBy(() -> AuditLog.open(file, key)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("is open for writing elsewhere").hasMessageContaining(file.toString());
            first.record(AuditChainTest.event(2));
        }
        // closed: the next writer continues the same chain
        try (AuditLog again = AuditLog.open(file, key)) {
            again.record(AuditChainTest.event(3));
        }
        AuditLog.Verification v = AuditLog.verify(file, key);
        assertThat(v.valid()).as("%s", v).isTrue();
        assertThat(v.records()).isEqualTo(3);
    }

    @Test
    void aWriterInAnotherProcessIsRefused() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeThat(Files.isExecutable(python)).as("python3 holds the lock from another process").isTrue();
        Path file = dir.resolve("audit.jsonl");
        AuditKey key = key();
        try (AuditLog log = AuditLog.open(file, key)) {
            log.record(AuditChainTest.event(1));
        }
        // the other process takes the writer's lock (POSIX record lock, as the JDK's FileLock on Linux) and holds it
        Process other = new ProcessBuilder(python.toString(), "-c", "import fcntl,sys,time\n"
                + "f=open(sys.argv[1],'a')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)\n",
                AuditLog.lockFile(file).toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(other.getInputStream().readNBytes(6))).isEqualTo("locked");
            assertThatThrownBy(() -> AuditLog.open(file, key)).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("is open for writing elsewhere");
        } finally {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
        try (AuditLog log = AuditLog.open(file, key)) {
            log.record(AuditChainTest.event(2));
        }
        assertThat(AuditLog.verify(file, key).valid()).isTrue();
    }
}
