package dev.trae.aws.core.spi;

import dev.trae.aws.core.internal.Jobs;

/** Job ids as every {@code JobStore} checks them, for modules that validate a user's job id early. For module authors; not user API. */
public final class JobIds {
    private JobIds() {
    }

    /**
     * Returns {@code id} if it is 1 to 128 characters of {@code [A-Za-z0-9._-]} not starting with {@code .};
     * throws {@link dev.trae.aws.core.TraeValidationException} otherwise.
     */
    public static String validate(String id) {
        return Jobs.validateId(id);
    }
}
