package dev.trae.oracle.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * ISO-8601 text of timestamps into a caller's {@code char[]}, exactly as
 * {@link java.time.format.DateTimeFormatter#ISO_LOCAL_DATE_TIME} and
 * {@link java.time.format.DateTimeFormatter#ISO_OFFSET_DATE_TIME} print them (seconds always, the
 * fraction without trailing zeros, {@code Z} for a zero offset), without the formatter's per-call
 * allocations. Years outside 0..9999 and offsets with seconds go through the JDK formatter.
 */
final class IsoText {
    /** Large enough for any value either method writes. */
    static final int MAX = 64;

    private IsoText() {
    }

    /** Writes {@code t} into {@code dst} (at least {@link #MAX} long); returns the length. */
    static int localDateTime(LocalDateTime t, char[] dst) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return copy(Values.TS.format(t), dst);
        }
        return dateTime(year, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), dst);
    }

    /** Writes {@code t} with its offset into {@code dst} (at least {@link #MAX} long); returns the length. */
    static int offsetDateTime(OffsetDateTime t, char[] dst) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offset % 60 != 0) {
            return copy(Values.TS_TZ.format(t), dst);
        }
        int n = dateTime(year, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), dst);
        if (offset == 0) {
            dst[n++] = 'Z';
            return n;
        }
        dst[n++] = offset < 0 ? '-' : '+';
        int abs = Math.abs(offset) / 60;
        n = two(abs / 60, dst, n);
        dst[n++] = ':';
        return two(abs % 60, dst, n);
    }

    private static int dateTime(int year, int month, int day, int hour, int minute, int second, int nano, char[] dst) {
        dst[0] = (char) ('0' + year / 1000);
        dst[1] = (char) ('0' + year / 100 % 10);
        dst[2] = (char) ('0' + year / 10 % 10);
        dst[3] = (char) ('0' + year % 10);
        dst[4] = '-';
        int n = two(month, dst, 5);
        dst[n++] = '-';
        n = two(day, dst, n);
        dst[n++] = 'T';
        n = two(hour, dst, n);
        dst[n++] = ':';
        n = two(minute, dst, n);
        dst[n++] = ':';
        n = two(second, dst, n);
        if (nano != 0) {
            dst[n++] = '.';
            int digits = 9;
            int v = nano;
            while (v % 10 == 0) {
                v /= 10;
                digits--;
            }
            for (int k = n + digits - 1; k >= n; k--) {
                dst[k] = (char) ('0' + v % 10);
                v /= 10;
            }
            n += digits;
        }
        return n;
    }

    private static int two(int v, char[] dst, int at) {
        dst[at] = (char) ('0' + v / 10);
        dst[at + 1] = (char) ('0' + v % 10);
        return at + 2;
    }

    private static int copy(String s, char[] dst) {
        s.getChars(0, s.length(), dst, 0);
        return s.length();
    }
}
