package dev.trae.testkit.wire;

import java.util.Optional;

/**
 * A check a fake applies to a request before its handler runs ({@link FakeAwsServer#validate}): the error
 * response the real service gives for an invalid request, or empty when the request may proceed.
 * {@link SdkModelCheck} is the usual implementation.
 */
@FunctionalInterface
public interface RequestCheck {
    /** A check that accepts every request. */
    RequestCheck NONE = req -> Optional.empty();

    Optional<FakeResponse> check(FakeRequest request) throws Exception;
}
