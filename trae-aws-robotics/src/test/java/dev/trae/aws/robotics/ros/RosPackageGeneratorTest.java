package dev.trae.aws.robotics.ros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;

import dev.trae.aws.core.TraeValidationException;

class RosPackageGeneratorTest {

    private static final String HOSTILE = "Fuel robot'''\"\"\"); import os; os.system('rm -rf /') #\n"
            + "</description><exec_depend>evil</exec_depend> & \\' \u0000 ?\u2028";

    private static boolean python;

    @BeforeAll
    static void findPython() throws Exception {
        try {
            python = new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            python = false;
        }
    }

    static RosPackageSpec spec(RosVersion v, String description) {
        return RosPackageSpec.builder("fuel_robot", v)
                .description(description)
                .maintainer("Ops O'Neil \"Team\"", "ops@example.com")
                .version("1.2.3")
                .node(RosNodeSpec.builder("pump_monitor")
                        .publisher("pressure", MessageType.of("std_msgs/Float64"))
                        .publisher("/station/pose", MessageType.of("geometry_msgs/PoseStamped"))
                        .subscriber("cmd_vel", MessageType.of("geometry_msgs/Twist"))
                        .subscriber("scan", MessageType.of("sensor_msgs/LaserScan"))
                        .service("reset", MessageType.service("std_srvs/Trigger"))
                        .client("/map_server/map", MessageType.service("nav_msgs/GetMap"))
                        .timer(Duration.ofMillis(250))
                        .parameter("threshold", 2.5)
                        .parameter("station_name", "Kyiv-12 'north' \"bay\"")
                        .parameter("max_retries", 3)
                        .parameter("enabled", true)
                        .build())
                .node(RosNodeSpec.builder("odom_logger").subscriber("odom", MessageType.of("nav_msgs/Odometry")).build())
                .build();
    }

    @ParameterizedTest
    @EnumSource(RosVersion.class)
    void write_producesCompletePackageThatParsesAndCompiles(RosVersion v, @TempDir Path dir) throws Exception {
        GeneratedPackage pkg = new RosPackageGenerator().write(spec(v, "Inspection robot"), dir);
        assertThat(pkg.root()).isEqualTo(dir.resolve("fuel_robot"));
        List<String> names = pkg.files().stream().map(p -> pkg.root().relativize(p).toString()).toList();
        assertThat(names).contains("package.xml", "README.md");
        switch (v) {
            case ROS2_PYTHON -> assertThat(names).contains("setup.py", "setup.cfg", "resource/fuel_robot", "fuel_robot/__init__.py",
                    "fuel_robot/pump_monitor.py", "fuel_robot/odom_logger.py", "launch/fuel_robot.launch.py");
            case ROS2_CPP -> assertThat(names).contains("CMakeLists.txt", "src/pump_monitor.cpp", "src/odom_logger.cpp",
                    "launch/fuel_robot.launch.py");
            case ROS1_PYTHON -> assertThat(names).contains("CMakeLists.txt", "scripts/pump_monitor.py", "scripts/odom_logger.py",
                    "launch/fuel_robot.launch");
        }
        Document xml = parse(pkg.root().resolve("package.xml"));
        assertThat(xml.getDocumentElement().getAttribute("format")).isEqualTo("3");
        assertThat(xml.getElementsByTagName("name").item(0).getTextContent()).isEqualTo("fuel_robot");
        assertThat(xml.getElementsByTagName("version").item(0).getTextContent()).isEqualTo("1.2.3");
        String deps = xml.getDocumentElement().getTextContent();
        assertThat(deps).contains("std_msgs", "geometry_msgs", "sensor_msgs", "nav_msgs", "std_srvs");
        if (v == RosVersion.ROS1_PYTHON) {
            Document launch = parse(pkg.root().resolve("launch/fuel_robot.launch"));
            assertThat(launch.getElementsByTagName("node").getLength()).isEqualTo(2);
            assertThat(launch.getElementsByTagName("param").getLength()).isEqualTo(4);
        }
        pyCompileAll(pkg);
    }

    @Test
    void ros2Python_nodeUsesEveryEndpointKind() {
        Map<String, String> files = new RosPackageGenerator().render(spec(RosVersion.ROS2_PYTHON, "x"));
        String node = files.get("fuel_robot/pump_monitor.py");
        assertThat(node).contains("from std_msgs.msg import Float64", "from geometry_msgs.msg import PoseStamped, Twist",
                "from std_srvs.srv import Trigger", "from nav_msgs.srv import GetMap",
                "self.create_publisher(Float64, 'pressure', 10)", "self.create_subscription(Twist, 'cmd_vel'",
                "self.create_service(Trigger, 'reset'", "self.create_client(GetMap, '/map_server/map')",
                "self.create_timer(0.25, self.on_timer)", "self.declare_parameter('threshold', 2.5)",
                "self.declare_parameter('enabled', True)", "rclpy.spin(node)");
        assertThat(files.get("setup.py")).contains("'pump_monitor = fuel_robot.pump_monitor:main'");
    }

    @Test
    void ros2Cpp_nodeUsesTypedApi() {
        Map<String, String> files = new RosPackageGenerator().render(spec(RosVersion.ROS2_CPP, "x"));
        String node = files.get("src/pump_monitor.cpp");
        assertThat(node).contains("#include \"sensor_msgs/msg/laser_scan.hpp\"", "#include \"geometry_msgs/msg/pose_stamped.hpp\"",
                "create_publisher<std_msgs::msg::Float64>(\"pressure\", 10)", "create_service<std_srvs::srv::Trigger>",
                "create_client<nav_msgs::srv::GetMap>", "create_wall_timer(250ms", "declare_parameter<int64_t>(\"max_retries\", 3LL)",
                "declare_parameter<std::string>(\"station_name\", std::string(\"Kyiv-12 'north' \\\"bay\\\"\"))");
        assertThat(files.get("CMakeLists.txt")).contains("add_executable(pump_monitor src/pump_monitor.cpp)",
                "ament_target_dependencies(pump_monitor rclcpp std_msgs geometry_msgs sensor_msgs std_srvs nav_msgs)", "ament_package()");
    }

    @Test
    void hostileDescription_staysDataInEveryFile(@TempDir Path dir) throws Exception {
        GeneratedPackage pkg = new RosPackageGenerator().write(spec(RosVersion.ROS2_PYTHON, HOSTILE), dir);
        Document xml = parse(pkg.root().resolve("package.xml"));
        // rclpy, std_msgs, geometry_msgs, sensor_msgs, std_srvs, nav_msgs, launch, launch_ros: the hostile text added none
        assertThat(xml.getElementsByTagName("exec_depend").getLength()).isEqualTo(8);
        assertThat(xml.getElementsByTagName("description").item(0).getTextContent()).contains("</description><exec_depend>evil");
        for (int i = 0; i < xml.getElementsByTagName("exec_depend").getLength(); i++) {
            assertThat(xml.getElementsByTagName("exec_depend").item(i).getTextContent()).isNotEqualTo("evil");
        }
        pyCompileAll(pkg);
        assumeTrue(python, "python3 is not installed");
        // Python reads the description back as exactly one string constant equal to the input
        String script = "import ast,sys\nt=ast.parse(open(sys.argv[1],encoding='utf-8').read())\n"
                + "imports=[n for n in ast.walk(t) if isinstance(n,(ast.Import,ast.ImportFrom))]\n"
                + "print(len(imports))\n"
                + "call=[n for n in ast.walk(t) if isinstance(n,ast.Call) and getattr(n.func,'id','')=='setup'][0]\n"
                + "d=[k.value.value for k in call.keywords if k.arg=='description'][0]\n"
                + "sys.stdout.write(d.encode('unicode_escape').decode('ascii'))\n";
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder("python3", py.toString(), pkg.root().resolve("setup.py").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String[] lines = out.split("\n", 2);
        assertThat(lines[0]).isEqualTo("3");  // import os, from glob, from setuptools: nothing injected
        // the whole hostile text, quotes, newline and control characters included, came back as one string constant
        String expected = HOSTILE.strip().replace("\\", "\\\\").replace("\n", "\\n").replace("\u0000", "\\x00").replace("\u2028", "\\u2028");
        assertThat(lines[1]).isEqualTo(expected);
    }

    @Test
    void badInput_isRejectedBeforeWriting(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> RosPackageSpec.builder("Fuel-Robot", RosVersion.ROS2_PYTHON)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("REP 144");
        assertThatThrownBy(() -> RosPackageSpec.builder("../etc", RosVersion.ROS2_PYTHON)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosPackageSpec.builder("import", RosVersion.ROS2_PYTHON)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosPackageSpec.builder("a", RosVersion.ROS2_PYTHON)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosPackageSpec.builder("ok_pkg", null)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("Pump Monitor")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("class")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").publisher("bad topic", MessageType.of("std_msgs/String")))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").publisher("a/'; os.system('x')", MessageType.of("std_msgs/String")))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").publisher("9lives", MessageType.of("std_msgs/String")))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> MessageType.of("std_msgs/NoSuchType")).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("declared");
        assertThatThrownBy(() -> MessageType.of("evil; rm")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").service("s", MessageType.of("std_msgs/String")))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("service type");
        assertThatThrownBy(() -> RosNodeSpec.builder("n").publisher("t", MessageType.service("std_srvs/Trigger")))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").timer(Duration.ZERO)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").parameter("p", Double.NaN)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").parameter("p", new Object())).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("n").parameter("p", 1).parameter("p", 2)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosNodeSpec.builder("idle").build()).isInstanceOf(TraeValidationException.class);
        RosNodeSpec node = RosNodeSpec.builder("talker").publisher("chatter", MessageType.of("std_msgs/String")).build();
        assertThatThrownBy(() -> RosPackageSpec.builder("pkg_a", RosVersion.ROS2_PYTHON).build()).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosPackageSpec.builder("pkg_a", RosVersion.ROS2_PYTHON).node(node).node(node).build())
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> RosPackageSpec.builder("pkg_a", RosVersion.ROS2_PYTHON).maintainer("x", "not-an-email"))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosPackageSpec.builder("pkg_a", RosVersion.ROS2_PYTHON).license("MIT; rm -rf"))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> RosPackageSpec.builder("pkg_a", RosVersion.ROS2_PYTHON).description("x".repeat(2001)))
                .isInstanceOf(TraeValidationException.class);
        // an existing non-empty target is never overwritten
        Files.createDirectories(dir.resolve("pkg_a"));
        Files.writeString(dir.resolve("pkg_a/keep.txt"), "mine");
        RosPackageSpec spec = RosPackageSpec.builder("pkg_a", RosVersion.ROS2_PYTHON).node(node).build();
        assertThatThrownBy(() -> new RosPackageGenerator().write(spec, dir)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("not empty");
        assertThat(Files.readString(dir.resolve("pkg_a/keep.txt"))).isEqualTo("mine");
        assertThat(dir.resolve("pkg_a/package.xml")).doesNotExist();
    }

    @Test
    void declaredTypes_areAccepted() {
        MessageType t = MessageType.declared("fuel_msgs/PumpStatus");
        assertThat(t.cppHeader()).isEqualTo("fuel_msgs/msg/pump_status.hpp");
        assertThat(MessageType.of("sensor_msgs/msg/PointCloud2").cppHeader()).isEqualTo("sensor_msgs/msg/point_cloud2.hpp");
        assertThat(MessageType.declaredService("fuel_srvs/StartPump").fullName()).isEqualTo("fuel_srvs/srv/StartPump");
    }

    private static Document parse(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(p.toFile());
    }

    private static void pyCompileAll(GeneratedPackage pkg) throws Exception {
        assumeTrue(python, "python3 is not installed, so generated Python is not compiled");
        List<String> cmd = new ArrayList<>(List.of("python3", "-m", "py_compile"));
        pkg.files().stream().filter(f -> f.toString().endsWith(".py")).forEach(f -> cmd.add(f.toString()));
        assertThat(cmd).hasSizeGreaterThan(3);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("py_compile output: %s", out).isZero();
    }
}
