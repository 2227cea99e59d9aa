package dev.trae.oracle.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A column of the exported schema: the source's JDBC type, type name, precision and scale, nullability,
 * and the type it was written as ({@code exportType}, such as {@code DECIMAL(12,2)}, {@code TIMESTAMP_TZ}). Immutable.
 */
public final class ManifestColumn {
    private final String name;
    private final int jdbcType;
    private final String typeName;
    private final int precision;
    private final int scale;
    private final boolean nullable;
    private final String exportType;

    @JsonCreator
    public ManifestColumn(@JsonProperty("name") String name, @JsonProperty("jdbcType") int jdbcType,
                          @JsonProperty("typeName") String typeName, @JsonProperty("precision") int precision,
                          @JsonProperty("scale") int scale, @JsonProperty("nullable") boolean nullable,
                          @JsonProperty("exportType") String exportType) {
        this.name = Objects.requireNonNull(name, "name");
        this.jdbcType = jdbcType;
        this.typeName = typeName == null ? "" : typeName;
        this.precision = precision;
        this.scale = scale;
        this.nullable = nullable;
        this.exportType = exportType == null ? "" : exportType;
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    /** {@link java.sql.Types} code reported by the driver. */
    @JsonProperty("jdbcType")
    public int jdbcType() {
        return jdbcType;
    }

    @JsonProperty("typeName")
    public String typeName() {
        return typeName;
    }

    @JsonProperty("precision")
    public int precision() {
        return precision;
    }

    @JsonProperty("scale")
    public int scale() {
        return scale;
    }

    @JsonProperty("nullable")
    public boolean nullable() {
        return nullable;
    }

    @JsonProperty("exportType")
    public String exportType() {
        return exportType;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ManifestColumn)) {
            return false;
        }
        ManifestColumn c = (ManifestColumn) o;
        return c.name.equals(name) && c.jdbcType == jdbcType && c.typeName.equals(typeName) && c.precision == precision
                && c.scale == scale && c.nullable == nullable && c.exportType.equals(exportType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, jdbcType, exportType);
    }

    @Override
    public String toString() {
        return name + " " + typeName + " -> " + exportType;
    }
}
