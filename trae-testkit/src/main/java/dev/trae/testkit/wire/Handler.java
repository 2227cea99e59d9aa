package dev.trae.testkit.wire;

/** Answers one request to a fake service. An exception becomes a 500 InternalFailure response. */
@FunctionalInterface
public interface Handler {
    FakeResponse handle(FakeRequest request) throws Exception;
}
