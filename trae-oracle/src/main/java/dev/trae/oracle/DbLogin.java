package dev.trae.oracle;

import java.util.Arrays;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * A database user name and password, as handed to the JDBC driver for one connection. The password never
 * appears in {@link #toString()}. Instances are created per connection by the credential supplier of a
 * {@link JdbcSource}, so a rotated secret is picked up on the next connection.
 */
public final class DbLogin {
    private final String user;
    private final char[] password;

    private DbLogin(String user, char[] password) {
        this.user = user;
        this.password = password;
    }

    public static DbLogin of(String user, String password) {
        return of(user, password == null ? null : password.toCharArray());
    }

    public static DbLogin of(String user, char[] password) {
        if (user == null || user.isBlank() || user.length() > 512) {
            throw new TraeValidationException("user", "must be a non-blank database user name");
        }
        Objects.requireNonNull(password, "password");
        return new DbLogin(user, password.clone());
    }

    public String user() {
        return user;
    }

    /** A copy of the password. */
    public char[] password() {
        return password.clone();
    }

    String passwordString() {
        return new String(password);
    }

    @Override
    public String toString() {
        return "DbLogin[user=" + user + ", password=****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DbLogin && ((DbLogin) o).user.equals(user) && Arrays.equals(((DbLogin) o).password, password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
