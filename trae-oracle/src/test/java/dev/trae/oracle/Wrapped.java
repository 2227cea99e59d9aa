package dev.trae.oracle;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * A DataSource around a real database that records every SQL text it is asked to prepare, can make the
 * first {@code failingConnections} connections fail after {@code afterRows} rows (a dropped connection, a crash),
 * and can run a step against the database just before a given connection is handed out
 * ({@link #beforeConnection}).
 */
final class Wrapped {
    final List<String> sql = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final JdbcSource real;
    private final int failingConnections;
    private final int afterRows;
    private final Supplier<SQLException> error;

    Wrapped(JdbcSource real, int failingConnections, int afterRows, Supplier<SQLException> error) {
        this.real = real;
        this.failingConnections = failingConnections;
        this.afterRows = afterRows;
        this.error = error;
    }

    static Wrapped recording(JdbcSource real) {
        return new Wrapped(real, 0, 0, null);
    }

    /** Something a test does against the database. */
    interface Step {
        void run() throws Exception;
    }

    private volatile int stepAt;
    private volatile Step step;

    /** Runs {@code step} just before the {@code n}-th connection (counting from 1) is handed out. */
    Wrapped beforeConnection(int n, Step step) {
        this.step = step;
        this.stepAt = n;
        return this;
    }

    JdbcSource source() {
        DataSource ds = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            if (m.getName().equals("getConnection")) {
                int n = connections.incrementAndGet();
                Step s = step;
                if (s != null && n == stepAt) {
                    s.run();
                }
                return connection(real.open(), n <= failingConnections);
            }
            if (m.getName().equals("toString")) {
                return "WrappedDataSource";
            }
            throw new UnsupportedOperationException(m.getName());
        });
        return JdbcSource.dataSource(ds);
    }

    private Connection connection(Connection c, boolean failing) {
        AtomicInteger rows = new AtomicInteger();
        return proxy(Connection.class, c, (p, m, a) -> {
            if (m.getName().startsWith("prepare") && a != null && a.length > 0 && a[0] instanceof String) {
                sql.add((String) a[0]);
                Object ps = invoke(m, c, a);
                // as what was asked for: prepareCall's CallableStatement, prepareStatement's PreparedStatement
                return Proxy.newProxyInstance(Wrapped.class.getClassLoader(), new Class<?>[] {m.getReturnType()}, (p2, m2, a2) -> {
                    Object r = invoke(m2, ps, a2);
                    if (r instanceof ResultSet && failing) {
                        ResultSet rs = (ResultSet) r;
                        return proxy(ResultSet.class, rs, (p3, m3, a3) -> {
                            if (m3.getName().equals("next") && rows.incrementAndGet() > afterRows) {
                                throw error.get();
                            }
                            return invoke(m3, rs, a3);
                        });
                    }
                    return r;
                });
            }
            return invoke(m, c, a);
        });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, InvocationHandler h) {
        return (T) Proxy.newProxyInstance(Wrapped.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}
