package dev.trae.testkit.aws.lex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The Trae Local test convention for audio: there is no speech recognition or synthesis in the fakes, so
 * test "speech" is 16 kHz, 16-bit little-endian, mono PCM (the format Lex V2 takes as
 * {@code audio/l16; rate=16000; channels=1}) whose samples carry the words.
 *
 * <p>Layout: 0.1 s of silence, the marker {@code TRAE-LEX-PCM1}, a 4-byte big-endian length, the UTF-8 text,
 * then 0.2 s of silence; every byte {@code b} is one sample {@code b << 6}. {@link LexRuntimeFake} reads the
 * transcript out of such audio and answers {@code audio/pcm} requests with the reply encoded the same way.
 * Real audio (no marker) is heard as silence: an empty transcript. This is a test convention, not speech
 * recognition.
 */
public final class LexTestAudio {
    /** Samples per second. */
    public static final int SAMPLE_RATE = 16_000;
    private static final byte[] MARKER = "TRAE-LEX-PCM1".getBytes(StandardCharsets.US_ASCII);

    private LexTestAudio() {
    }

    /** Encodes {@code text} as test speech (16 kHz 16-bit LE mono PCM). */
    public static byte[] speak(String text) {
        byte[] t = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
        int lead = SAMPLE_RATE / 10;
        int tail = SAMPLE_RATE / 5;
        int samples = lead + MARKER.length + 4 + t.length + tail;
        ByteBuffer buf = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < lead; i++) {
            buf.putShort((short) 0);
        }
        byte[] len = ByteBuffer.allocate(4).putInt(t.length).array();
        for (byte[] part : new byte[][] {MARKER, len, t}) {
            for (byte b : part) {
                buf.putShort((short) ((b & 0xFF) << 6));
            }
        }
        return buf.array();
    }

    /** The text carried by test speech, or empty for audio without the marker (heard as silence). */
    public static Optional<String> transcript(byte[] pcm) {
        if (pcm == null || pcm.length < 2) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int n = pcm.length / 2;
        int[] bytes = new int[n];
        for (int i = 0; i < n; i++) {
            int s = buf.getShort(i * 2) & 0xFFFF;
            bytes[i] = (s & 0x3F) == 0 && s >> 6 < 256 ? s >> 6 : -1;
        }
        outer:
        for (int i = 0; i + MARKER.length + 4 <= n; i++) {
            for (int k = 0; k < MARKER.length; k++) {
                if (bytes[i + k] != (MARKER[k] & 0xFF)) {
                    continue outer;
                }
            }
            int p = i + MARKER.length;
            int len = 0;
            for (int k = 0; k < 4; k++) {
                if (bytes[p + k] < 0) {
                    return Optional.empty();
                }
                len = len << 8 | bytes[p + k];
            }
            p += 4;
            if (len < 0 || p + len > n) {
                return Optional.empty();
            }
            byte[] out = new byte[len];
            for (int k = 0; k < len; k++) {
                if (bytes[p + k] < 0) {
                    return Optional.empty();
                }
                out[k] = (byte) bytes[p + k];
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
