package dev.trae.aws.lex.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;

/** Checks speech input: raw 16 kHz 16-bit LE mono PCM, or a WAV file holding exactly that. Not API. */
public final class AudioInput {
    /** Content type Lex V2 takes for 16 kHz linear PCM. */
    public static final String CONTENT_TYPE = "audio/l16; rate=16000; channels=1";
    public static final int BYTES_PER_SECOND = 16_000 * 2;

    private AudioInput() {
    }

    /** The PCM samples to send; a WAV header is checked and stripped. */
    public static byte[] pcm(byte[] audio, long maxBytes) {
        if (audio == null || audio.length == 0) {
            throw new TraeValidationException("audio", "is empty; send 16 kHz 16-bit mono PCM or a WAV file of it");
        }
        byte[] pcm = audio;
        if (audio.length >= 12 && new String(audio, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                && new String(audio, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
            pcm = wavData(audio);
        }
        if (pcm.length == 0 || pcm.length % 2 != 0) {
            throw new TraeValidationException("audio", "16-bit PCM must have an even, non-zero number of bytes, had " + pcm.length);
        }
        if (pcm.length > maxBytes) {
            throw new TraeValidationException("audio", "longer than the limit of " + maxBytes / BYTES_PER_SECOND
                    + " s of 16 kHz PCM (" + pcm.length / BYTES_PER_SECOND + " s); split the input");
        }
        return pcm;
    }

    private static byte[] wavData(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        Integer format = null;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= wav.length) {
            String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (size > wav.length - body) {
                throw new TraeValidationException("audio", "corrupt WAV: chunk '" + Messages.shorten(id) + "' runs past the end");
            }
            if (id.equals("fmt ")) {
                if (size < 16) {
                    throw new TraeValidationException("audio", "corrupt WAV: fmt chunk too short");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new TraeValidationException("audio", "corrupt WAV: data before fmt");
                }
                if (format != 1 || channels != 1 || rate != 16_000 || bits != 16) {
                    throw new TraeValidationException("audio", "WAV must be PCM, mono, 16 kHz, 16-bit; was format " + format + ", "
                            + channels + " channel(s), " + rate + " Hz, " + bits + "-bit. Resample before sending");
                }
                byte[] out = new byte[(int) size];
                System.arraycopy(wav, body, out, 0, (int) size);
                return out;
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new TraeValidationException("audio", "corrupt WAV: no data chunk");
    }

    /** Wraps PCM in a WAV header (for saving reply audio). */
    public static byte[] wav(byte[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000)
                .putInt(BYTES_PER_SECOND).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
        return b.array();
    }
}
