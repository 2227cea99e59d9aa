package dev.trae.aws.core.internal;

import dev.trae.aws.core.TraeValidationException;

/** Job id rules shared by stores and the runner. */
public final class Jobs {
    private Jobs() {
    }

    /** Ids are 1 to 128 characters of letters, digits, '.', '_' and '-', not starting with '.'. */
    public static String validateId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")) {
            throw new TraeValidationException("jobId", "must be 1 to 128 characters of [A-Za-z0-9._-] not starting with '.', was "
                    + (id == null ? "null" : "'" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'"));
        }
        return id;
    }
}
