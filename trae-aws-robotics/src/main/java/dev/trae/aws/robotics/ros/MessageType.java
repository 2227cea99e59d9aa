package dev.trae.aws.robotics.ros;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.trae.aws.core.TraeValidationException;

/**
 * A ROS message or service type such as {@code std_msgs/String} or {@code std_srvs/Trigger}.
 * Immutable. {@link #of(String)} accepts only the known set (std_msgs, geometry_msgs, sensor_msgs,
 * nav_msgs, std_srvs); types of your own packages are declared with {@link #declared(String)}.
 */
public final class MessageType {
    private static final Map<String, Set<String>> KNOWN_MSGS = Map.of(
            "std_msgs", Set.of("String", "Bool", "Byte", "Char", "Empty", "Header", "Int8", "Int16", "Int32", "Int64",
                    "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64", "ColorRGBA", "Time", "Duration"),
            "geometry_msgs", Set.of("Twist", "TwistStamped", "Pose", "PoseStamped", "PoseWithCovariance",
                    "PoseWithCovarianceStamped", "Point", "PointStamped", "Vector3", "Vector3Stamped", "Quaternion",
                    "Transform", "TransformStamped", "Wrench", "Accel", "Polygon", "Pose2D"),
            "sensor_msgs", Set.of("Image", "CompressedImage", "CameraInfo", "LaserScan", "PointCloud2", "Imu", "NavSatFix",
                    "JointState", "BatteryState", "Range", "Temperature", "FluidPressure", "Joy"),
            "nav_msgs", Set.of("Odometry", "Path", "OccupancyGrid", "MapMetaData", "GridCells"));
    private static final Map<String, Set<String>> KNOWN_SRVS = Map.of(
            "std_srvs", Set.of("Trigger", "SetBool", "Empty"),
            "nav_msgs", Set.of("GetMap", "GetPlan"));

    private final String pkg;
    private final String name;
    private final boolean service;

    private MessageType(String pkg, String name, boolean service) {
        this.pkg = pkg;
        this.name = name;
        this.service = service;
    }

    /** A known message type, {@code pkg/Name} (a {@code pkg/msg/Name} form is accepted too). */
    public static MessageType of(String type) {
        MessageType t = parse(type, "msg");
        if (!KNOWN_MSGS.getOrDefault(t.pkg, Set.of()).contains(t.name)) {
            throw new TraeValidationException("messageType", "unknown message type '" + type + "'; known packages are "
                    + KNOWN_MSGS.keySet() + " - declare your own with MessageType.declared(\"my_msgs/MyType\")");
        }
        return t;
    }

    /** A known service type such as {@code std_srvs/Trigger}. */
    public static MessageType service(String type) {
        MessageType t = parse(type, "srv");
        if (!KNOWN_SRVS.getOrDefault(t.pkg, Set.of()).contains(t.name)) {
            throw new TraeValidationException("serviceType", "unknown service type '" + type + "'; known: " + KNOWN_SRVS
                    + " - declare your own with MessageType.declaredService(\"my_srvs/MyService\")");
        }
        return new MessageType(t.pkg, t.name, true);
    }

    /** A message type of your own package (validated for form, not existence). */
    public static MessageType declared(String type) {
        return parse(type, "msg");
    }

    /** A service type of your own package. */
    public static MessageType declaredService(String type) {
        MessageType t = parse(type, "srv");
        return new MessageType(t.pkg, t.name, true);
    }

    private static MessageType parse(String type, String kind) {
        if (type == null) {
            throw new TraeValidationException("messageType", "must not be null");
        }
        String[] p = type.split("/");
        if (p.length == 3 && p[1].equals(kind)) {
            p = new String[] {p[0], p[2]};
        }
        if (p.length != 2 || !p[0].matches("[a-z][a-z0-9_]{0,62}") || !p[1].matches("[A-Z][A-Za-z0-9]{0,62}")) {
            throw new TraeValidationException("messageType", "must look like package_name/TypeName, was '" + type + "'");
        }
        return new MessageType(p[0], p[1], kind.equals("srv"));
    }

    public String pkg() {
        return pkg;
    }

    public String name() {
        return name;
    }

    public boolean isService() {
        return service;
    }

    /** {@code std_msgs/msg/String} or {@code std_srvs/srv/Trigger}. */
    public String fullName() {
        return pkg + (service ? "/srv/" : "/msg/") + name;
    }

    /** The C++ header, such as {@code std_msgs/msg/string.hpp} ({@code PointCloud2} becomes {@code point_cloud2.hpp}). */
    public String cppHeader() {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2").toLowerCase(Locale.ROOT);
        return pkg + (service ? "/srv/" : "/msg/") + snake + ".hpp";
    }

    /** The C++ type, such as {@code std_msgs::msg::String}. */
    public String cppType() {
        return pkg + (service ? "::srv::" : "::msg::") + name;
    }

    /** The Python module, such as {@code std_msgs.msg}. */
    public String pyModule() {
        return pkg + (service ? ".srv" : ".msg");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageType && ((MessageType) o).fullName().equals(fullName());
    }

    @Override
    public int hashCode() {
        return Objects.hash(pkg, name, service);
    }

    @Override
    public String toString() {
        return pkg + "/" + name;
    }
}
