package dev.trae.examples.assistant;

import org.springframework.http.HttpStatus;

/** Bad input from the page: answered with {@link #status()} and {@link #getMessage()}, shown to the user as it is. */
public final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HttpStatus status;

    public BadRequestException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
