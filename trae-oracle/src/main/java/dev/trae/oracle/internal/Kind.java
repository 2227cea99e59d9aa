package dev.trae.oracle.internal;

/** How a column's values are read and written. */
public enum Kind {
    BOOLEAN, LONG, DECIMAL, FLOAT, DOUBLE, STRING, CLOB, BYTES, BLOB, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ
}
