package dev.trae.oracle.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.OutputStream;

/**
 * An unsynchronised UTF-8 text buffer in front of an {@link OutputStream}: the text writers' hot path.
 * It encodes straight into bytes (no {@code Writer}, no lock per call, no charset encoder) and prints
 * integers without an intermediate {@code String}. Unpaired surrogates become {@code '?'}, as
 * {@link java.io.OutputStreamWriter} writes them. Not thread-safe.
 */
final class TextOut {
    private static final int SIZE = 1 << 16;
    private final OutputStream out;
    private final byte[] buf = new byte[SIZE];
    private int pos;

    TextOut(OutputStream out) {
        this.out = out;
    }

    /** A character known to be ASCII. */
    void ascii(char c) throws IOException {
        if (pos == SIZE) {
            drain();
        }
        buf[pos++] = (byte) c;
    }

    /** The first {@code len} characters of {@code cs}, all ASCII. */
    void ascii(char[] cs, int len) throws IOException {
        if (SIZE - pos < len) {
            drain();
        }
        for (int k = 0; k < len; k++) {
            buf[pos + k] = (byte) cs[k];
        }
        pos += len;
    }

    /** All of {@code s}, which is known to be ASCII (numbers, ISO dates): copied without encoding. */
    @SuppressWarnings("deprecation")
    void asciiText(String s) throws IOException {
        int n = s.length();
        if (SIZE - pos < n) {
            drain();
            if (n > SIZE) {
                text(s);
                return;
            }
        }
        // String.getBytes(int, int, byte[], int) keeps the low byte of each char: exact for ASCII, and an array copy
        s.getBytes(0, n, buf, pos);
        pos += n;
    }

    /** All of {@code s}, UTF-8 encoded. */
    void text(String s) throws IOException {
        text(s, 0, s.length());
    }

    /** Characters {@code from} (inclusive) to {@code to} (exclusive) of {@code s}, UTF-8 encoded. */
    void text(String s, int from, int to) throws IOException {
        int k = from;
        while (k < to) {
            if (pos == SIZE) {
                drain();
            }
            // ASCII run: one byte per char, as many as fit
            int end = Math.min(to, k + (SIZE - pos));
            char c;
            while (k < end && (c = s.charAt(k)) < 0x80) {
                buf[pos++] = (byte) c;
                k++;
            }
            if (k < end) {
                k = encodeOne(s, k, to);
            }
        }
    }

    /** Encodes the non-ASCII char (or surrogate pair) at {@code k}; returns the index after it. */
    private int encodeOne(String s, int k, int to) throws IOException {
        if (SIZE - pos < 4) {
            drain();
        }
        char c = s.charAt(k);
        if (c < 0x800) {
            buf[pos++] = (byte) (0xC0 | (c >> 6));
            buf[pos++] = (byte) (0x80 | (c & 0x3F));
            return k + 1;
        }
        if (Character.isHighSurrogate(c) && k + 1 < to && Character.isLowSurrogate(s.charAt(k + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(k + 1));
            buf[pos++] = (byte) (0xF0 | (cp >> 18));
            buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            return k + 2;
        }
        if (Character.isSurrogate(c)) {
            buf[pos++] = '?';
            return k + 1;
        }
        buf[pos++] = (byte) (0xE0 | (c >> 12));
        buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
        return k + 1;
    }

    /** {@code n} bytes of {@code b} from {@code off}, already encoded. */
    void bytes(byte[] b, int off, int n) throws IOException {
        if (n > SIZE - pos) {
            drain();
            if (n > SIZE) {
                out.write(b, off, n);
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, n);
        pos += n;
    }

    /** The decimal digits of {@code v}, as {@link Long#toString(long)} prints them. */
    void decimal(long v) throws IOException {
        if (SIZE - pos < 20) {
            drain();
        }
        if (v == Long.MIN_VALUE) {
            text("-9223372036854775808");
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int end = pos + digitCount(v);
        lowDigits(v, pos, end);
        pos = end;
    }

    /** How many decimal digits a non-negative {@code v} has. */
    private static int digitCount(long v) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        return digits;
    }

    /**
     * Writes the lowest {@code to - from} decimal digits of a non-negative {@code v} into {@code buf[from, to)}
     * (zero-padded on the left) and returns what is left of {@code v} above them.
     */
    private long lowDigits(long v, int from, int to) {
        for (int k = to - 1; k >= from; k--) {
            buf[k] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        return v;
    }

    /**
     * {@code v} as {@link BigDecimal#toPlainString()} prints it. When the unscaled value fits a long and the
     * scale is 0 to 18 (every NUMBER(p,s) with p up to 18), the digits go straight into the buffer, without
     * the string and the builder that {@code toPlainString} makes.
     */
    void plain(BigDecimal v) throws IOException {
        int scale = v.scale();
        java.math.BigInteger u = v.unscaledValue();
        if (scale < 0 || scale > 18 || u.bitLength() > 62) {
            asciiText(v.toPlainString());
            return;
        }
        long x = u.longValue();
        if (scale == 0) {
            decimal(x);
            return;
        }
        if (SIZE - pos < 40) {
            drain();
        }
        if (x < 0) {
            buf[pos++] = '-';
            x = -x;
        }
        // integer part (at least "0"), the point, then exactly scale fraction digits
        int point = pos + Math.max(1, digitCount(x) - scale);
        int end = point + 1 + scale;
        long integral = lowDigits(x, point + 1, end);
        buf[point] = '.';
        lowDigits(integral, pos, point);
        pos = end;
    }

    /** Bytes written here and not yet passed to the stream. */
    int buffered() {
        return pos;
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    /** Writes what is buffered and closes the stream. */
    void close() throws IOException {
        drain();
        out.close();
    }
}
