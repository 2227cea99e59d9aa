package dev.trae.oracle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The CSV writer's hot-path helpers print exactly what the JDK would. */
class TextOutTest {

    private static byte[] written(ThrowingWrite w) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextOut out = new TextOut(bytes);
        w.write(out);
        out.close();
        return bytes.toByteArray();
    }

    private interface ThrowingWrite {
        void write(TextOut out) throws Exception;
    }

    @Test
    void text_whenAnyString_thenSameBytesAsJdkUtf8() throws Exception {
        Random r = new Random(42);
        StringBuilder all = new StringBuilder();
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            int len = r.nextInt(60);
            for (int k = 0; k < len; k++) {
                switch (r.nextInt(6)) {
                    case 0: s.append((char) ('a' + r.nextInt(26))); break;
                    case 1: s.append((char) (0x80 + r.nextInt(0x780))); break;          // 2-byte
                    case 2: s.append((char) (0x800 + r.nextInt(0xD000))); break;        // 3-byte, below surrogates
                    case 3: s.appendCodePoint(0x10000 + r.nextInt(0xFFFFF)); break;     // surrogate pair
                    case 4: s.append((char) (0xD800 + r.nextInt(0x800))); break;        // lone surrogate
                    default: s.append("Київ 東京 😀 "); break;
                }
            }
            all.append(s).append('|');
        }
        String text = all.toString();
        // far longer than the 64 KiB buffer, so multi-byte characters land on every buffer boundary
        assertThat(text.length()).isGreaterThan(100_000);
        assertThat(written(o -> o.text(text))).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(written(o -> o.text(text, 5, 70_001))).isEqualTo(text.substring(5, 70_001).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decimal_whenAnyLong_thenLongToString() throws Exception {
        long[] edge = {0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L};
        StringBuilder expected = new StringBuilder();
        Random r = new Random(7);
        long[] values = new long[5000];
        for (int k = 0; k < values.length; k++) {
            values[k] = k < edge.length ? edge[k] : r.nextLong() >> r.nextInt(64);
            expected.append(values[k]).append(',');
        }
        assertThat(new String(written(o -> {
            for (long v : values) {
                o.decimal(v);
                o.ascii(',');
            }
        }), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void plain_whenAnyBigDecimal_thenToPlainString() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        java.util.List<java.math.BigDecimal> values = new java.util.ArrayList<>(java.util.List.of(
                java.math.BigDecimal.ZERO, new java.math.BigDecimal("0.00"), new java.math.BigDecimal("-0.50"),
                new java.math.BigDecimal("0.005"), new java.math.BigDecimal("-0.000000000000000001"),
                new java.math.BigDecimal("1E+3"), new java.math.BigDecimal("-12345678901234567.8"),
                java.math.BigDecimal.valueOf(Long.MAX_VALUE, 18), java.math.BigDecimal.valueOf(Long.MIN_VALUE, 3),
                java.math.BigDecimal.valueOf(Long.MAX_VALUE, 0), new java.math.BigDecimal("123456789012345678901234567890.123456789"),
                new java.math.BigDecimal("1.5E-30"), java.math.BigDecimal.valueOf(4611686018427387904L, 2),
                java.math.BigDecimal.valueOf(-4611686018427387904L, 2), java.math.BigDecimal.valueOf(4611686018427387903L, 19)));
        for (int k = 0; k < 200_000; k++) {
            long u = switch (k % 3) {
                case 0 -> r.nextLong();
                case 1 -> r.nextLong(-1_000_000, 1_000_000);
                default -> r.nextLong() >> r.nextInt(64);
            };
            values.add(java.math.BigDecimal.valueOf(u, r.nextInt(-3, 22)));
        }
        StringBuilder expected = new StringBuilder();
        for (java.math.BigDecimal v : values) {
            expected.append(v.toPlainString()).append(',');
        }
        byte[] got = written(out -> {
            for (java.math.BigDecimal v : values) {
                out.plain(v);
                out.ascii(',');
            }
        });
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void asciiText_whenLongerThanBuffer_thenWrittenWhole() throws Exception {
        String digits = "0123456789".repeat(10_000);
        assertThat(written(o -> {
            o.ascii('x');
            o.asciiText(digits);
            o.asciiText("1.5E-300");
        })).isEqualTo(("x" + digits + "1.5E-300").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void isoText_whenRandomTimestamps_thenSameAsJdkFormatters() {
        Random r = new Random(11);
        char[] buf = new char[IsoText.MAX];
        for (int n = 0; n < 20_000; n++) {
            long seconds = r.nextLong() % 400_000_000_000L;                // about years -10700 to +14600
            int nano = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            int offset = switch (r.nextInt(3)) {
                case 0 -> 0;
                case 1 -> (r.nextInt(37) - 18) * 3600 + (r.nextBoolean() ? 1800 : 0) * Integer.signum(r.nextInt(3) - 1);
                default -> r.nextInt(2 * 64800 + 1) - 64800;                   // includes offsets with seconds
            };
            offset = Math.max(-64800, Math.min(64800, offset));
            OffsetDateTime t = Instant.ofEpochSecond(seconds, nano).atOffset(ZoneOffset.ofTotalSeconds(offset));
            LocalDateTime l = t.toLocalDateTime();
            assertThat(new String(buf, 0, IsoText.offsetDateTime(t, buf))).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
            assertThat(new String(buf, 0, IsoText.localDateTime(l, buf))).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(l));
        }
        OffsetDateTime y0 = OffsetDateTime.of(0, 1, 1, 0, 0, 0, 5, ZoneOffset.ofHoursMinutes(-9, -30));
        assertThat(new String(buf, 0, IsoText.offsetDateTime(y0, buf))).isEqualTo("0000-01-01T00:00:00.000000005-09:30");
    }

    /** PostgreSQL's numeric_send of {@code v} (scale 0 or more): int16 ndigits, weight, sign, dscale, base-10000 digits. */
    static byte[] pgNumericBinary(java.math.BigDecimal v) {
        int dscale = v.scale();
        String plain = v.abs().toPlainString();
        int dot = plain.indexOf('.');
        String ip = dot < 0 ? plain : plain.substring(0, dot);
        String fp = dot < 0 ? "" : plain.substring(dot + 1);
        ip = "0".repeat((4 - ip.length() % 4) % 4) + ip;
        fp = fp + "0".repeat((4 - fp.length() % 4) % 4);
        java.util.List<Integer> groups = new java.util.ArrayList<>();
        for (int k = 0; k < ip.length(); k += 4) {
            groups.add(Integer.parseInt(ip.substring(k, k + 4)));
        }
        int weight = groups.size() - 1;
        for (int k = 0; k < fp.length(); k += 4) {
            groups.add(Integer.parseInt(fp.substring(k, k + 4)));
        }
        while (!groups.isEmpty() && groups.get(0) == 0) {
            groups.remove(0);
            weight--;
        }
        while (!groups.isEmpty() && groups.get(groups.size() - 1) == 0) {
            groups.remove(groups.size() - 1);
        }
        if (groups.isEmpty()) {
            weight = 0;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 2 * groups.size());
        b.putShort((short) groups.size()).putShort((short) weight).putShort((short) (v.signum() < 0 ? 0x4000 : 0)).putShort((short) dscale);
        groups.forEach(g -> b.putShort((short) (int) g));
        return b.array();
    }

    @Test
    void pgNumeric_whenAnyDecimal_thenWhatToPlainStringPrintsForPgjdbcsBigDecimal() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        java.util.List<java.math.BigDecimal> values = new java.util.ArrayList<>();
        for (String v : new String[] {"0", "0.00", "-0.0", "1", "-1", "9999", "10000", "10000.0000", "0.0001", "-0.00000000000000000000000000000000000001",
                "99999999999999999999999999999999999999", "-9999999999999999999999999999.9999999999", "123456789012345678901234567890.123456789012345",
                "1.50", "0.1", "100000000.0000", "0.10000", "12.3400", "1234.5678", "0.5", "5000.00005"}) {
            values.add(new java.math.BigDecimal(v));
        }
        for (int k = 0; k < 100_000; k++) {
            java.math.BigInteger u = new java.math.BigInteger(1 + r.nextInt(200), new java.util.Random(r.nextLong()));
            values.add(new java.math.BigDecimal(r.nextBoolean() ? u : u.negate(), r.nextInt(40)));
        }
        StringBuilder expected = new StringBuilder();
        for (java.math.BigDecimal v : values) {
            expected.append(v.toPlainString()).append(',');
        }
        assertThat(new String(written(o -> {
            for (java.math.BigDecimal v : values) {
                assertThat(o.pgNumeric(pgNumericBinary(v))).isTrue();
                o.ascii(',');
            }
        }), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        // NaN and the infinities as PostgreSQL spells them; leading zero groups (never sent, but valid) skipped
        assertThat(new String(written(o -> {
            o.pgNumeric(new byte[] {0, 0, 0, 0, (byte) 0xC0, 0, 0, 0});
            o.pgNumeric(new byte[] {0, 0, 0, 0, (byte) 0xD0, 0, 0, 0});
            o.pgNumeric(new byte[] {0, 0, 0, 0, (byte) 0xF0, 0, 0, 0});
            o.pgNumeric(new byte[] {0, 2, 0, 1, 0x40, 0, 0, 1, 0, 0, 0, 7});
        }), StandardCharsets.US_ASCII)).isEqualTo("NaNInfinity-Infinity-7.0");
        // malformed (short, wrong length, unknown sign) and huge values are left to the caller, with nothing written
        assertThat(written(o -> {
            assertThat(o.pgNumeric(new byte[] {0, 1, 0, 0})).isFalse();
            assertThat(o.pgNumeric(new byte[] {0, 2, 0, 0, 0, 0, 0, 0, 0, 1})).isFalse();
            assertThat(o.pgNumeric(new byte[] {0, 0, 0, 0, 0x12, 0, 0, 0})).isFalse();
            assertThat(o.pgNumeric(new byte[] {0, 1, 0x01, 0, 0, 0, 0, 0, 0, 1})).isFalse();
        })).isEmpty();
    }

    @Test
    void pgTimestampTz_whenAnyMicros_thenWhatIsoTextPrintsForTheUtcOffsetDateTime() throws Exception {
        long pgEpoch = 946_684_800L;
        long min = OffsetDateTime.parse("0001-01-01T00:00:00Z").toEpochSecond() - pgEpoch;
        long max = OffsetDateTime.parse("9999-12-31T23:59:59Z").toEpochSecond() - pgEpoch;
        Random r = new Random(3);
        char[] buf = new char[IsoText.MAX];
        java.util.List<Long> micros = new java.util.ArrayList<>(java.util.List.of(0L, 1L, -1L, 999_999L, -1_000_000L,
                min * 1_000_000L, max * 1_000_000L + 999_999L, -pgEpoch * 1_000_000L, 4_107_542_399_000_000L));
        for (int k = 0; k < 200_000; k++) {
            long sec = min + (long) (r.nextDouble() * (max - min));
            int micro = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1000;
                default -> r.nextInt(1_000_000);
            };
            micros.add(sec * 1_000_000L + micro);
        }
        StringBuilder expected = new StringBuilder();
        for (long m : micros) {
            OffsetDateTime t = Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L) + pgEpoch, Math.floorMod(m, 1_000_000L) * 1000L)
                    .atOffset(ZoneOffset.UTC);
            expected.append(buf, 0, IsoText.offsetDateTime(t, buf)).append(',');
        }
        assertThat(new String(written(o -> {
            for (long m : micros) {
                assertThat(o.pgTimestampTz(m)).isTrue();
                o.ascii(',');
            }
        }), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        // infinity, -infinity, year 0 and year 10000 are left to the caller, with nothing written
        assertThat(written(o -> {
            for (long m : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, min * 1_000_000L - 1, (max + 1) * 1_000_000L}) {
                assertThat(o.pgTimestampTz(m)).isFalse();
            }
        })).isEmpty();
    }

    @Test
    void digitCount_whenEveryPowerOfTenAndItsNeighbours_thenLengthOfLongToString() {
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1}) {
                assertThat(TextOut.digitCount(v)).as("%d", v).isEqualTo(Long.toString(v).length());
            }
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        assertThat(TextOut.digitCount(Long.MAX_VALUE)).isEqualTo(19);
        assertThat(TextOut.digitCount(0)).isEqualTo(1);
    }

    @Test
    void shortest_whenAnyDouble_thenWhatSchubfachPrints() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, 1.0, -1.0, 0.001, 0.000999, 1e7, 9999999.0,
                9999999.999999999, 1e-3 * (1 - 1e-16), 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 123.456, 1e15, 1e16, 4.9e-324,
                Double.MAX_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.125, 1234567.125,
                0.30000000000000004, 5e-324, 1.7976931348623157e308, 2.5e-3, 9.999999999999999e6));
        for (int k = 0; k < 300_000; k++) {
            double v = switch (k % 6) {
                case 0 -> (double) r.nextLong(-20_000_000, 20_000_000);                                      // integers
                case 1 -> r.nextLong(-100_000_000_000L, 100_000_000_000L) / Math.pow(10, r.nextInt(0, 12)); // short decimals
                case 2 -> r.nextInt(1, 5_000_001) / 3.0;                                                    // the benchmark's g / 3.0
                case 3 -> Double.longBitsToDouble(r.nextLong());                                            // any bits
                case 4 -> r.nextDouble() * Math.pow(10, r.nextInt(-5, 9));                                  // any digits in and around the range
                default -> Math.nextUp(r.nextLong(-10_000_000, 10_000_000) / Math.pow(10, r.nextInt(0, 9))); // a neighbour of a short decimal
            };
            values.add(k % 12 == 7 ? -v : v);
        }
        StringBuilder expected = new StringBuilder();
        for (double v : values) {
            expected.append(com.fasterxml.jackson.core.io.NumberOutput.toString(v, true)).append(',');
        }
        assertThat(new String(written(o -> {
            for (double v : values) {
                o.shortest(v);
                o.ascii(',');
            }
        }), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }
}
