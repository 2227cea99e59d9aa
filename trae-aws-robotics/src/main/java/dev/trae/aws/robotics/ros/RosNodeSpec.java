package dev.trae.aws.robotics.ros;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.trae.aws.core.TraeValidationException;

/**
 * One node of a generated package: its publishers, subscribers, service servers and clients, an
 * optional timer and parameters. Names are validated against ROS naming rules when built. Immutable.
 *
 * <pre>{@code
 * RosNodeSpec.builder("pump_monitor")
 *         .publisher("pressure", MessageType.of("std_msgs/Float64"))
 *         .subscriber("cmd_vel", MessageType.of("geometry_msgs/Twist"))
 *         .service("reset", MessageType.service("std_srvs/Trigger"))
 *         .timer(Duration.ofMillis(500))
 *         .parameter("threshold", 2.5)
 *         .build();
 * }</pre>
 */
public final class RosNodeSpec {
    /** A topic or service endpoint with its type. */
    public record Endpoint(String name, MessageType type) {
    }

    private final String name;
    private final List<Endpoint> publishers;
    private final List<Endpoint> subscribers;
    private final List<Endpoint> services;
    private final List<Endpoint> clients;
    private final Duration timer;
    private final Map<String, Object> parameters;

    private RosNodeSpec(Builder b) {
        this.name = b.name;
        this.publishers = List.copyOf(b.publishers);
        this.subscribers = List.copyOf(b.subscribers);
        this.services = List.copyOf(b.services);
        this.clients = List.copyOf(b.clients);
        this.timer = b.timer;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    }

    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    public String name() {
        return name;
    }

    public List<Endpoint> publishers() {
        return publishers;
    }

    public List<Endpoint> subscribers() {
        return subscribers;
    }

    public List<Endpoint> services() {
        return services;
    }

    public List<Endpoint> clients() {
        return clients;
    }

    /** The timer period, or {@code null} for no timer (a publisher without a timer gets a 1 s timer). */
    public Duration timer() {
        return timer;
    }

    /** Parameters with defaults: String, Long/Integer, Double or Boolean values. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** Builder for {@link RosNodeSpec}. */
    public static final class Builder {
        private final String name;
        private final List<Endpoint> publishers = new ArrayList<>();
        private final List<Endpoint> subscribers = new ArrayList<>();
        private final List<Endpoint> services = new ArrayList<>();
        private final List<Endpoint> clients = new ArrayList<>();
        private Duration timer;
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = RosNames.node(name);
        }

        public Builder publisher(String topic, MessageType type) {
            publishers.add(new Endpoint(RosNames.topic(topic), requireMessage(type)));
            return this;
        }

        public Builder subscriber(String topic, MessageType type) {
            subscribers.add(new Endpoint(RosNames.topic(topic), requireMessage(type)));
            return this;
        }

        /** A service server. */
        public Builder service(String serviceName, MessageType type) {
            services.add(new Endpoint(RosNames.topic(serviceName), requireService(type)));
            return this;
        }

        /** A service client. */
        public Builder client(String serviceName, MessageType type) {
            clients.add(new Endpoint(RosNames.topic(serviceName), requireService(type)));
            return this;
        }

        public Builder timer(Duration period) {
            if (period == null || period.toMillis() < 1 || period.compareTo(Duration.ofHours(1)) > 0) {
                throw new TraeValidationException("timer", "must be between 1 ms and 1 hour, was " + period);
            }
            this.timer = period;
            return this;
        }

        /** A parameter with a default value (String, integer, floating point or boolean). */
        public Builder parameter(String paramName, Object defaultValue) {
            String n = RosNames.parameter(paramName);
            Objects.requireNonNull(defaultValue, "defaultValue");
            if (defaultValue instanceof Integer || defaultValue instanceof Short || defaultValue instanceof Byte) {
                defaultValue = ((Number) defaultValue).longValue();
            } else if (defaultValue instanceof Float) {
                defaultValue = ((Float) defaultValue).doubleValue();
            }
            if (defaultValue instanceof Double && !Double.isFinite((Double) defaultValue)) {
                throw new TraeValidationException("parameter", n + " must be finite");
            }
            if (!(defaultValue instanceof String || defaultValue instanceof Long || defaultValue instanceof Double
                    || defaultValue instanceof Boolean)) {
                throw new TraeValidationException("parameter", n + " must be a String, integer, floating point or boolean, was "
                        + defaultValue.getClass().getSimpleName());
            }
            if (defaultValue instanceof String && ((String) defaultValue).length() > 1024) {
                throw new TraeValidationException("parameter", n + " default must be at most 1024 characters");
            }
            if (parameters.put(n, defaultValue) != null) {
                throw new TraeValidationException("parameter", "duplicate parameter " + n);
            }
            return this;
        }

        public RosNodeSpec build() {
            List<String> all = new ArrayList<>();
            for (List<Endpoint> l : List.of(publishers, subscribers, services, clients)) {
                l.forEach(e -> all.add(e.name()));
            }
            if (all.isEmpty() && timer == null && parameters.isEmpty()) {
                throw new TraeValidationException("node", name + " has nothing to do: add a publisher, subscriber, service, client, timer or parameter");
            }
            return new RosNodeSpec(this);
        }

        private static MessageType requireMessage(MessageType t) {
            if (t == null || t.isService()) {
                throw new TraeValidationException("messageType", "a topic needs a message type, was " + t);
            }
            return t;
        }

        private static MessageType requireService(MessageType t) {
            if (t == null || !t.isService()) {
                throw new TraeValidationException("serviceType", "a service needs a service type (MessageType.service(...)), was " + t);
            }
            return t;
        }
    }
}
