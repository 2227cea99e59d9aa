package dev.trae.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.trae.aws.core.AuditSink;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the ciphertext header and frame readers behind {@code decrypt} and {@code decryptingStream}: mutated envelopes
 * (bit flips, byte overwrites, truncation, insertion, length fields set to extremes) and random bytes. A mutated
 * envelope either fails with a typed {@link dev.trae.aws.core.TraeException} or decrypts to exactly the original
 * plaintext (never other bytes, never part of it).
 */
class EnvelopeFuzzTest {
    private static final byte[] KEY = new byte[32];
    private static final EnvelopeKeyProvider SIGNED = LocalKeyring.of("fuzz", KEY, AuditSink.noop());
    private static final EnvelopeKeyProvider UNSIGNED_SMALL_FRAMES = LocalKeyring.of("fuzz", KEY, AuditSink.noop(),
            EnvelopeOptions.defaults().signed(false).frameSize(128));
    private static final Map<String, String> CTX = Map.of("purpose", "fuzz");
    private static final byte[] PLAIN = new byte[300];
    private static final List<byte[]> ENVELOPES;

    static {
        Arrays.fill(KEY, (byte) 7);
        for (int i = 0; i < PLAIN.length; i++) {
            PLAIN[i] = (byte) ('a' + i % 26);
        }
        ENVELOPES = List.of(SIGNED.encrypt(PLAIN, CTX), UNSIGNED_SMALL_FRAMES.encrypt(PLAIN, CTX),
                UNSIGNED_SMALL_FRAMES.encrypt(new byte[0], CTX));
    }

    /** One edit of an envelope. */
    record Mutation(int kind, int position, int value) {
        byte[] apply(byte[] in) {
            int pos = in.length == 0 ? 0 : Math.floorMod(position, in.length);
            switch (kind) {
                case 0: { // flip one bit
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[pos] ^= (byte) (1 << (value & 7));
                    }
                    return out;
                }
                case 1: { // overwrite a byte
                    byte[] out = in.clone();
                    if (out.length > 0) {
                        out[pos] = (byte) value;
                    }
                    return out;
                }
                case 2: // truncate
                    return Arrays.copyOf(in, pos);
                case 3: { // insert a byte
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, pos);
                    out[pos] = (byte) value;
                    System.arraycopy(in, pos, out, pos + 1, in.length - pos);
                    return out;
                }
                case 4: { // a 2- or 4-byte length field set to an extreme (0x7fff / 0xffffffff)
                    byte[] out = in.clone();
                    int width = (value & 1) == 0 ? 2 : 4;
                    for (int i = 0; i < width && pos + i < out.length; i++) {
                        out[pos + i] = (byte) (i == 0 && width == 2 ? 0x7f : 0xff);
                    }
                    return out;
                }
                default: { // remove a range
                    int end = Math.min(in.length, pos + 1 + (value & 0xff));
                    byte[] out = new byte[in.length - (end - pos)];
                    System.arraycopy(in, 0, out, 0, pos);
                    System.arraycopy(in, end, out, pos, in.length - end);
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedEnvelopes() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return Combinators.combine(Arbitraries.integers().between(0, ENVELOPES.size() - 1), one.list().ofMinSize(1).ofMaxSize(3))
                .as((which, edits) -> {
                    byte[] b = ENVELOPES.get(which);
                    for (Mutation m : edits) {
                        b = m.apply(b);
                    }
                    return b;
                });
    }

    private static void exactlyTheOriginal(byte[] out) {
        assertThat(out.length == 0 || Arrays.equals(out, PLAIN)).as("a mutated envelope decrypted to other bytes").isTrue();
    }

    @Property
    void decrypt_mutatedEnvelope_refusesTypedOrReturnsTheOriginal(@ForAll("mutatedEnvelopes") byte[] box) {
        for (EnvelopeKeyProvider p : List.of(SIGNED, UNSIGNED_SMALL_FRAMES)) {
            Fuzz.typedOrClean(() -> p.decrypt(box, CTX)).ifPresent(EnvelopeFuzzTest::exactlyTheOriginal);
        }
    }

    @Property
    void decryptingStream_mutatedEnvelope_refusesBeforeReleasingAnything(@ForAll("mutatedEnvelopes") byte[] box) {
        Optional<byte[]> out = Fuzz.typedOrClean(() -> {
            try (InputStream in = SIGNED.decryptingStream(new ByteArrayInputStream(box), CTX)) {
                // a stream that opened must read to the end without failing: everything was authenticated before
                return in.readAllBytes();
            }
        });
        out.ifPresent(EnvelopeFuzzTest::exactlyTheOriginal);
    }

    @Property
    void decrypt_randomBytes_refusesTyped(@ForAll @Size(max = 2048) byte[] box) {
        Fuzz.typedOrClean(() -> SIGNED.decrypt(box, CTX)).ifPresent(EnvelopeFuzzTest::exactlyTheOriginal);
    }
}
