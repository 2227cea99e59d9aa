package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.security.internal.AuditJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the readers of audit lines: {@link AuditLog#verify} over logs whose lines are edited, replaced or appended,
 * the spool reader ({@link AuditJson#fromJson}, {@link SpoolingAuditSink#replay}) and {@link AuditCheckpoint#parse}.
 * Verification never throws on content: it answers, and an edited log never verifies.
 */
class AuditLineFuzzTest {
    private static final Path DIR;
    private static final AuditKey KEY;
    private static final List<String> LOG_LINES;

    static {
        try {
            DIR = Fuzz.tempDir("trae-audit-fuzz");
            KEY = AuditKey.wrappedBy(LocalKeyring.of("fuzz", new byte[32], AuditSink.noop(), EnvelopeOptions.defaults().signed(false)));
            Path f = DIR.resolve("base.jsonl");
            try (AuditLog log = AuditLog.open(f, KEY)) {
                for (int i = 0; i < 4; i++) {
                    log.record(AuditEvent.of("kms", "Decrypt", "k" + i).principal("p").detail("n", "" + i).build());
                }
            }
            LOG_LINES = Files.readAllLines(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void cleanUp() {
        Fuzz.delete(DIR);
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("{}[]\":,0123456789seqmacprvhd-\\ ").ofMaxLength(80),
                Arbitraries.of(LOG_LINES).flatMap(l -> Arbitraries.integers().between(0, l.length()).map(n -> l.substring(0, n))),
                Arbitraries.of(LOG_LINES).map(l -> l.replace("\"seq\":", "\"seq\":9223372036854775807").replace("Decrypt", "Encrypt")),
                Arbitraries.of("{\"seq\":1e99,\"mac\":\"x\"}", "{\"seq\":-1,\"mac\":null}", "{\"format\":2}", "null", "[]",
                        "{\"seq\":0,\"mac\":\"" + "0".repeat(64) + "\",\"prev\":{}}", "\"\\ud800\""));
    }

    @Provide
    Arbitrary<List<String>> editedLogs() {
        return Combinators.combine(Arbitraries.integers().between(0, LOG_LINES.size()), lines(), Arbitraries.of(0, 1, 2))
                .as((pos, line, how) -> {
                    List<String> l = new ArrayList<>(LOG_LINES);
                    if (how == 0) {
                        l.add(Math.min(pos, l.size()), line);
                    } else if (how == 1 && pos < l.size()) {
                        l.set(pos, line);
                    } else {
                        l.add(line);
                    }
                    return l;
                });
    }

    @Property
    void verify_editedLog_answersAndNeverVerifies(@ForAll("editedLogs") List<String> lines) throws Exception {
        Path f = DIR.resolve("edited.jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        AuditLog.Verification v = Fuzz.typedOrClean(() -> AuditLog.verify(f, KEY)).orElseThrow();
        if (!lines.equals(LOG_LINES)) {
            assertThat(v.valid()).as(v.toString()).isFalse();
            assertThat(v.firstBadSeq()).isBetween(0L, (long) LOG_LINES.size());
        }
    }

    @Property
    void spool_garbageLines_refusedCleanly(@ForAll("lines") String line) throws Exception {
        Fuzz.run(() -> {
            com.fasterxml.jackson.databind.JsonNode n;
            try {
                n = AuditJson.MAPPER.readTree(line);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("not JSON");
            }
            return AuditJson.fromJson(n);
        }, IllegalArgumentException.class);
        Fuzz.typedOrClean(() -> AuditCheckpoint.parse(line));
        Path spool = DIR.resolve("spool.jsonl");
        Files.writeString(spool, line + "\n");
        List<AuditEvent> got = new ArrayList<>();
        SpoolingAuditSink sink = AuditSinks.spooling(got::add, spool);
        Fuzz.typedOrClean(sink::replay);
        Files.deleteIfExists(spool);
    }
}
