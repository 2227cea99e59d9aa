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

    /** 10^k for k = 0..18. */
    private static final long[] POW10 = new long[19];
    /** "00" to "99": two digits per division. */
    private static final byte[] PAIRS = new byte[200];

    static {
        long p = 1;
        for (int k = 0; k < POW10.length; k++) {
            POW10[k] = p;
            p *= 10;
        }
        for (int k = 0; k < 100; k++) {
            PAIRS[2 * k] = (byte) ('0' + k / 10);
            PAIRS[2 * k + 1] = (byte) ('0' + k % 10);
        }
    }

    /** How many decimal digits a non-negative {@code v} has (no loop: from its bit length). */
    static int digitCount(long v) {
        if (v < 10) {
            return 1;
        }
        // floor(log10(2^bits)) is bits * 1233 >> 12 for bits up to 64; then one comparison corrects it
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        int d = (bits * 1233) >>> 12;
        return d >= 19 || v >= POW10[d] ? d + 1 : d;
    }

    /**
     * Writes the lowest {@code to - from} decimal digits of a non-negative {@code v} into {@code buf[from, to)}
     * (zero-padded on the left) and returns what is left of {@code v} above them. Two digits per division, and
     * int arithmetic once the value fits an int.
     */
    private long lowDigits(long v, int from, int to) {
        int k = to;
        while (k - from >= 2 && v > Integer.MAX_VALUE) {
            int r = (int) (v % 100);
            v /= 100;
            k -= 2;
            buf[k] = PAIRS[2 * r];
            buf[k + 1] = PAIRS[2 * r + 1];
        }
        if (v <= Integer.MAX_VALUE) {
            int x = (int) v;
            while (k - from >= 2) {
                int q = x / 100;
                int r = x - q * 100;
                x = q;
                k -= 2;
                buf[k] = PAIRS[2 * r];
                buf[k + 1] = PAIRS[2 * r + 1];
            }
            if (k > from) {
                buf[--k] = (byte) ('0' + x % 10);
                x /= 10;
            }
            return x;
        }
        if (k > from) {
            buf[--k] = (byte) ('0' + (int) (v % 10));
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
        scaled(x, scale);
    }

    /** {@code x / 10^scale} (scale 1 to 18) in plain notation with exactly {@code scale} fraction digits. */
    private void scaled(long x, int scale) throws IOException {
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

    /** 10^k as doubles (exact) for k = 0..4. */
    private static final double[] POW10_DOUBLE = {1, 1e1, 1e2, 1e3, 1e4};

    /**
     * {@code v} as {@link com.fasterxml.jackson.core.io.NumberOutput#toString(double, boolean)} prints it (the
     * shortest decimal that reads back as {@code v}, in {@link Double#toString} notation), which is also what
     * {@code CsvText} prints. Values between 0.001 and 10^7 that are a decimal with at most 4 fraction digits
     * and 15 significant digits (integers, prices, measurements rounded to a few places) are printed here from a
     * long: that decimal reads back as {@code v} (checked by dividing back, which rounds correctly), and no other
     * decimal of 15 digits or fewer does (DBL_DIG is 15), so it is the shortest one. Other values go through the
     * Schubfach algorithm.
     */
    void shortest(double v) throws IOException {
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e7) {
            for (int k = 0; k < POW10_DOUBLE.length; k++) {
                double m = a * POW10_DOUBLE[k];
                if (m >= 1e15) {
                    break;
                }
                if (m == Math.rint(m) && m / POW10_DOUBLE[k] == a) {
                    long x = (long) m;
                    int scale = k;
                    while (scale > 0 && x % 10 == 0) {
                        x /= 10;
                        scale--;
                    }
                    if (v < 0) {
                        x = -x;
                    }
                    if (scale == 0) {
                        decimal(x);
                        ascii('.');
                        ascii('0');
                    } else {
                        scaled(x, scale);
                    }
                    return;
                }
            }
        }
        asciiText(com.fasterxml.jackson.core.io.NumberOutput.toString(v, true));
    }

    /**
     * PostgreSQL's binary {@code numeric} (pgjdbc's {@code getBytes} of a column sent in binary: int16 ndigits,
     * weight, sign, dscale, then base-10000 digits) as {@link BigDecimal#toPlainString()} prints the BigDecimal that
     * pgjdbc makes of it (scale = dscale), and {@code NaN}, {@code Infinity}, {@code -Infinity} as PostgreSQL spells
     * them. Returns false, writing nothing, for a value it does not print (malformed, or over 1,000 characters): the
     * caller then prints it the generic way.
     */
    boolean pgNumeric(byte[] b) throws IOException {
        if (b.length < 8) {
            return false;
        }
        int ndigits = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int weight = (short) (((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        int sign = ((b[4] & 0xFF) << 8) | (b[5] & 0xFF);
        int dscale = ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
        if (b.length != 8 + 2 * ndigits) {
            return false;
        }
        if (sign == 0xC000 || sign == 0xD000 || sign == 0xF000) {
            byte[] t = sign == 0xC000 ? NAN : sign == 0xD000 ? INFINITY : MINUS_INFINITY;
            bytes(t, 0, t.length);
            return true;
        }
        if (sign != 0 && sign != 0x4000 || dscale > 0x3FFF) {
            return false;
        }
        // the first non-zero digit group: leading zero groups would otherwise print as "0000"
        int first = 0;
        while (first < ndigits && digit(b, first) == 0) {
            first++;
        }
        boolean zero = first == ndigits;
        int intGroups = weight - first + 1;
        int max = 1 + Math.max(intGroups, 1) * 4 + 1 + dscale;
        if (max > 1000) {
            return false;
        }
        if (SIZE - pos < max) {
            drain();
        }
        if (sign == 0x4000 && !zero) {
            buf[pos++] = '-';
        }
        if (zero || intGroups <= 0) {
            buf[pos++] = '0';
        } else {
            // the first group without leading zeros, then every group of the integer part as four digits
            int d = digit(b, first);
            int n = digitCount(d);
            lowDigits(d, pos, pos + n);
            pos += n;
            for (int g = first + 1; g <= weight; g++) {
                int v = g < ndigits ? digit(b, g) : 0;
                lowDigits(v, pos, pos + 4);
                pos += 4;
            }
        }
        if (dscale > 0) {
            buf[pos++] = '.';
            int left = dscale;
            // fraction group j (weight -j) is digit index weight + j
            for (int j = 1; left > 0; j++) {
                int g = weight + j;
                int v = g >= 0 && g < ndigits ? digit(b, g) : 0;
                if (left >= 4) {
                    lowDigits(v, pos, pos + 4);
                    pos += 4;
                    left -= 4;
                } else {
                    // the leading digits of the last group (PostgreSQL rounds to dscale, so the rest are zeros)
                    for (int k = 0; k < left; k++) {
                        buf[pos + k] = (byte) ('0' + v / (int) POW10[3 - k] % 10);
                    }
                    pos += left;
                    left = 0;
                }
            }
        }
        return true;
    }

    private static int digit(byte[] b, int k) {
        return ((b[8 + 2 * k] & 0xFF) << 8) | (b[9 + 2 * k] & 0xFF);
    }

    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] INFINITY = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final byte[] MINUS_INFINITY = {'-', 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    /** Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds. */
    private static final long MIN_SECOND = -62_135_596_800L;
    private static final long MAX_SECOND = 253_402_300_799L;

    /**
     * PostgreSQL's binary {@code timestamptz} (microseconds since 2000-01-01T00:00Z) as {@link IsoText#offsetDateTime}
     * prints the UTC {@code OffsetDateTime} that pgjdbc makes of it ({@code 2024-02-29T18:29:59.123456Z}: seconds
     * always, the fraction without trailing zeros). Returns false, writing nothing, for years outside 1..9999 and
     * for {@code infinity} and {@code -infinity}: the caller prints those the generic way.
     */
    boolean pgTimestampTz(long micros) throws IOException {
        long sec = Math.floorDiv(micros, 1_000_000L);
        int micro = (int) Math.floorMod(micros, 1_000_000L);
        if (sec < MIN_SECOND - PG_EPOCH_SECONDS || sec > MAX_SECOND - PG_EPOCH_SECONDS) {
            return false;
        }
        sec += PG_EPOCH_SECONDS;
        long days = Math.floorDiv(sec, 86_400L);
        int sod = (int) Math.floorMod(sec, 86_400L);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian as java.time)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int doe = (int) (z - era * 146_097);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        if (SIZE - pos < 32) {
            drain();
        }
        int p = pos;
        lowDigits(year, p, p + 4);
        buf[p + 4] = '-';
        two(month, p + 5);
        buf[p + 7] = '-';
        two(day, p + 8);
        buf[p + 10] = 'T';
        two(sod / 3600, p + 11);
        buf[p + 13] = ':';
        two(sod / 60 % 60, p + 14);
        buf[p + 16] = ':';
        two(sod % 60, p + 17);
        p += 19;
        if (micro != 0) {
            buf[p++] = '.';
            int digits = 6;
            while (micro % 10 == 0) {
                micro /= 10;
                digits--;
            }
            lowDigits(micro, p, p + digits);
            p += digits;
        }
        buf[p++] = 'Z';
        pos = p;
        return true;
    }

    private void two(int v, int at) {
        buf[at] = PAIRS[2 * v];
        buf[at + 1] = PAIRS[2 * v + 1];
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
