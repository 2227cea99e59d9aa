package dev.trae.aws.robotics.ros;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;

/**
 * Generates a complete ROS package tree from a {@link RosPackageSpec}: ROS 1 (rospy, catkin) or ROS 2
 * (rclpy with {@code setup.py}/{@code setup.cfg}, or rclcpp with {@code CMakeLists.txt}), each node
 * with its publishers, subscribers, service servers and clients, timer and parameters, a launch file,
 * {@code package.xml} in format 3 and a README. Stateless and thread-safe.
 *
 * <p>Names are validated by the spec; free text is escaped for the language of each file (XML,
 * Python string literals, C++ string literals), so no input can inject code.
 *
 * <pre>{@code
 * GeneratedPackage pkg = new RosPackageGenerator().write(spec, Path.of("ros_ws/src"));
 * pkg.files().forEach(System.out::println);
 * }</pre>
 */
public final class RosPackageGenerator {

    /** Renders every file of the package, by path relative to the package root, without writing. */
    public Map<String, String> render(RosPackageSpec spec) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package.xml", packageXml(spec));
        String p = spec.name();
        switch (spec.rosVersion()) {
            case ROS2_PYTHON:
                files.put("setup.py", setupPy(spec));
                files.put("setup.cfg", "[develop]\nscript_dir=$base/lib/" + p + "\n[install]\ninstall_scripts=$base/lib/" + p + "\n");
                files.put("resource/" + p, "");
                files.put(p + "/__init__.py", "");
                for (RosNodeSpec n : spec.nodes()) {
                    files.put(p + "/" + n.name() + ".py", ros2PythonNode(spec, n));
                }
                files.put("launch/" + p + ".launch.py", ros2Launch(spec, false));
                break;
            case ROS2_CPP:
                files.put("CMakeLists.txt", ros2Cmake(spec));
                for (RosNodeSpec n : spec.nodes()) {
                    files.put("src/" + n.name() + ".cpp", ros2CppNode(n));
                }
                files.put("launch/" + p + ".launch.py", ros2Launch(spec, true));
                break;
            case ROS1_PYTHON:
                files.put("CMakeLists.txt", ros1Cmake(spec));
                for (RosNodeSpec n : spec.nodes()) {
                    files.put("scripts/" + n.name() + ".py", ros1PythonNode(n));
                }
                files.put("launch/" + p + ".launch", ros1Launch(spec));
                break;
            default:
                throw new IllegalStateException();
        }
        files.put(SIDECAR, sidecar());
        files.put("README.md", readme(spec));
        return files;
    }

    /** The data sidecar's file name in every package: fetches data sources, runs the command, uploads outputs. */
    public static final String SIDECAR = "trae_sidecar.py";

    private static String sidecar() {
        try (var in = RosPackageGenerator.class.getResourceAsStream(SIDECAR)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SIDECAR + " is missing from the robotics jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Writes the package into {@code parentDir/<packageName>}. Refuses an existing non-empty target
     * (nothing is overwritten); on an I/O failure the partly written tree is removed.
     */
    public GeneratedPackage write(RosPackageSpec spec, Path parentDir) {
        if (parentDir == null) {
            throw new TraeValidationException("parentDir", "must not be null");
        }
        Map<String, String> files = render(spec);
        Path root = parentDir.resolve(spec.name()).normalize();
        if (!root.getParent().equals(parentDir.normalize())) {
            throw new TraeValidationException("packageName", "resolves outside the target directory");
        }
        try {
            if (Files.exists(root)) {
                try (var s = Files.list(root)) {
                    if (s.findAny().isPresent()) {
                        throw new TraeValidationException("parentDir", root + " already exists and is not empty; nothing was written");
                    }
                }
            }
            Files.createDirectories(root);
            List<Path> written = new ArrayList<>();
            try {
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Path target = root.resolve(f.getKey()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IllegalStateException("generated path escapes the package: " + f.getKey());
                    }
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
                    if (f.getKey().endsWith(".py") && !f.getKey().endsWith("__init__.py") && !f.getKey().equals("setup.py")
                            && !f.getKey().endsWith(".launch.py")) {
                        makeExecutable(target);
                    }
                    written.add(target);
                }
            } catch (IOException | RuntimeException e) {
                deleteTree(root);
                throw e;
            }
            return new GeneratedPackage(root, files.keySet().stream().map(root::resolve).collect(Collectors.toList()));
        } catch (IOException e) {
            throw new TraeClientException("cannot write ROS package to " + root + ": " + e.getMessage(), e);
        }
    }

    private static void makeExecutable(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the launch files run nodes through the interpreter anyway
        }
    }

    private static void deleteTree(Path root) {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    // ------------------------------------------------------------------ package.xml and build files

    private static String packageXml(RosPackageSpec s) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<package format=\"3\">\n");
        x.append("  <name>").append(s.name()).append("</name>\n");
        x.append("  <version>").append(s.packageVersion()).append("</version>\n");
        x.append("  <description>").append(Escape.xml(s.description())).append("</description>\n");
        x.append("  <maintainer email=\"").append(Escape.xml(s.maintainerEmail())).append("\">").append(Escape.xml(s.maintainer())).append("</maintainer>\n");
        x.append("  <license>").append(Escape.xml(s.license())).append("</license>\n\n");
        switch (s.rosVersion()) {
            case ROS2_PYTHON:
                x.append("  <exec_depend>rclpy</exec_depend>\n");
                s.messagePackages().forEach(m -> x.append("  <exec_depend>").append(m).append("</exec_depend>\n"));
                x.append("  <exec_depend>launch</exec_depend>\n  <exec_depend>launch_ros</exec_depend>\n");
                x.append("\n  <export>\n    <build_type>ament_python</build_type>\n  </export>\n");
                break;
            case ROS2_CPP:
                x.append("  <buildtool_depend>ament_cmake</buildtool_depend>\n  <depend>rclcpp</depend>\n");
                s.messagePackages().forEach(m -> x.append("  <depend>").append(m).append("</depend>\n"));
                x.append("  <exec_depend>launch</exec_depend>\n  <exec_depend>launch_ros</exec_depend>\n");
                x.append("\n  <export>\n    <build_type>ament_cmake</build_type>\n  </export>\n");
                break;
            default:
                x.append("  <buildtool_depend>catkin</buildtool_depend>\n  <depend>rospy</depend>\n");
                s.messagePackages().forEach(m -> x.append("  <depend>").append(m).append("</depend>\n"));
                x.append("  <exec_depend>roslaunch</exec_depend>\n");
        }
        return x.append("</package>\n").toString();
    }

    private static String setupPy(RosPackageSpec s) {
        String scripts = s.nodes().stream().map(n -> "            '" + n.name() + " = " + s.name() + "." + n.name() + ":main',")
                .collect(Collectors.joining("\n"));
        return "import os\nfrom glob import glob\n\nfrom setuptools import find_packages, setup\n\n"
                + "package_name = '" + s.name() + "'\n\n"
                + "setup(\n"
                + "    name=package_name,\n"
                + "    version='" + s.packageVersion() + "',\n"
                + "    packages=find_packages(exclude=['test']),\n"
                + "    data_files=[\n"
                + "        ('share/ament_index/resource_index/packages', ['resource/' + package_name]),\n"
                + "        ('share/' + package_name, ['package.xml']),\n"
                + "        (os.path.join('share', package_name, 'launch'), glob('launch/*.launch.py')),\n"
                + "    ],\n"
                + "    install_requires=['setuptools'],\n"
                + "    zip_safe=True,\n"
                + "    maintainer=" + Escape.py(s.maintainer()) + ",\n"
                + "    maintainer_email=" + Escape.py(s.maintainerEmail()) + ",\n"
                + "    description=" + Escape.py(s.description()) + ",\n"
                + "    license=" + Escape.py(s.license()) + ",\n"
                + "    entry_points={\n        'console_scripts': [\n" + scripts + "\n        ],\n    },\n"
                + ")\n";
    }

    private static String ros2Cmake(RosPackageSpec s) {
        StringBuilder c = new StringBuilder("cmake_minimum_required(VERSION 3.8)\nproject(").append(s.name()).append(")\n\n")
                .append("if(CMAKE_COMPILER_IS_GNUCXX OR CMAKE_CXX_COMPILER_ID MATCHES \"Clang\")\n")
                .append("  add_compile_options(-Wall -Wextra -Wpedantic)\nendif()\n\n")
                .append("find_package(ament_cmake REQUIRED)\nfind_package(rclcpp REQUIRED)\n");
        s.messagePackages().forEach(m -> c.append("find_package(").append(m).append(" REQUIRED)\n"));
        String deps = ("rclcpp " + String.join(" ", s.messagePackages())).trim();
        for (RosNodeSpec n : s.nodes()) {
            c.append("\nadd_executable(").append(n.name()).append(" src/").append(n.name()).append(".cpp)\n")
                    .append("ament_target_dependencies(").append(n.name()).append(' ').append(deps).append(")\n");
        }
        c.append("\ninstall(TARGETS ").append(s.nodes().stream().map(RosNodeSpec::name).collect(Collectors.joining(" ")))
                .append("\n  DESTINATION lib/${PROJECT_NAME})\ninstall(DIRECTORY launch\n  DESTINATION share/${PROJECT_NAME})\n\nament_package()\n");
        return c.toString();
    }

    private static String ros1Cmake(RosPackageSpec s) {
        String comps = ("rospy " + String.join(" ", s.messagePackages())).trim();
        return "cmake_minimum_required(VERSION 3.0.2)\nproject(" + s.name() + ")\n\n"
                + "find_package(catkin REQUIRED COMPONENTS " + comps + ")\n\n"
                + "catkin_package(CATKIN_DEPENDS " + comps + ")\n\n"
                + "catkin_install_python(PROGRAMS\n"
                + s.nodes().stream().map(n -> "  scripts/" + n.name() + ".py").collect(Collectors.joining("\n"))
                + "\n  DESTINATION ${CATKIN_PACKAGE_BIN_DESTINATION})\n\n"
                + "install(DIRECTORY launch\n  DESTINATION ${CATKIN_PACKAGE_SHARE_DESTINATION})\n";
    }

    // ------------------------------------------------------------------ nodes

    private static String className(String node) {
        StringBuilder sb = new StringBuilder();
        for (String part : node.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String c = sb.toString();
        return Character.isDigit(c.charAt(0)) ? "Node" + c : c;
    }

    /** A Python/C++ identifier derived from a validated topic name, unique within the node. */
    private static String ident(String topic, String suffix, Set<String> used) {
        String base = topic.replace("~/", "").replaceAll("^/+", "").replace('/', '_').toLowerCase(Locale.ROOT) + "_" + suffix;
        String id = base;
        for (int i = 2; !used.add(id); i++) {
            id = base + i;
        }
        return id;
    }

    private static Set<String> imports(RosNodeSpec n, boolean ros1) {
        Set<String> lines = new LinkedHashSet<>();
        Map<String, Set<String>> byModule = new LinkedHashMap<>();
        for (List<RosNodeSpec.Endpoint> l : List.of(n.publishers(), n.subscribers(), n.services(), n.clients())) {
            for (RosNodeSpec.Endpoint e : l) {
                Set<String> names = byModule.computeIfAbsent(e.type().pyModule(), k -> new LinkedHashSet<>());
                names.add(e.type().name());
                if (ros1 && e.type().isService()) {
                    names.add(e.type().name() + "Request");
                    names.add(e.type().name() + "Response");
                }
            }
        }
        byModule.forEach((m, names) -> lines.add("from " + m + " import " + String.join(", ", names)));
        return lines;
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static Duration timerOf(RosNodeSpec n) {
        return n.timer() != null ? n.timer() : n.publishers().isEmpty() ? null : Duration.ofSeconds(1);
    }

    private static String ros2PythonNode(RosPackageSpec spec, RosNodeSpec n) {
        String cls = className(n.name());
        Set<String> used = new LinkedHashSet<>();
        StringBuilder init = new StringBuilder();
        StringBuilder methods = new StringBuilder();
        n.parameters().forEach((k, v) -> init.append("        self.declare_parameter(").append(Escape.py(k)).append(", ")
                .append(Escape.pyValue(v)).append(")\n"));
        List<String> pubs = new ArrayList<>();
        for (RosNodeSpec.Endpoint e : n.publishers()) {
            String id = ident(e.name(), "pub", used);
            pubs.add(id + ":" + e.type().name());
            init.append("        self.").append(id).append(" = self.create_publisher(").append(e.type().name()).append(", ")
                    .append(Escape.py(e.name())).append(", 10)\n");
        }
        for (RosNodeSpec.Endpoint e : n.subscribers()) {
            String id = ident(e.name(), "sub", used);
            String cb = "on_" + id.substring(0, id.length() - 4);
            init.append("        self.").append(id).append(" = self.create_subscription(").append(e.type().name()).append(", ")
                    .append(Escape.py(e.name())).append(", self.").append(cb).append(", 10)\n");
            methods.append("\n    def ").append(cb).append("(self, msg):\n        self.get_logger().info(")
                    .append(Escape.py("received on " + e.name() + ": ")).append(" + str(msg))\n");
        }
        for (RosNodeSpec.Endpoint e : n.services()) {
            String id = ident(e.name(), "srv", used);
            String cb = "handle_" + id.substring(0, id.length() - 4);
            init.append("        self.").append(id).append(" = self.create_service(").append(e.type().name()).append(", ")
                    .append(Escape.py(e.name())).append(", self.").append(cb).append(")\n");
            methods.append("\n    def ").append(cb).append("(self, request, response):\n        self.get_logger().info(")
                    .append(Escape.py("service " + e.name() + " called")).append(")\n        return response\n");
        }
        for (RosNodeSpec.Endpoint e : n.clients()) {
            String id = ident(e.name(), "client", used);
            String m = "call_" + id.substring(0, id.length() - 7);
            init.append("        self.").append(id).append(" = self.create_client(").append(e.type().name()).append(", ")
                    .append(Escape.py(e.name())).append(")\n");
            methods.append("\n    def ").append(m).append("(self, request=None, timeout_sec=5.0):\n")
                    .append("        if not self.").append(id).append(".wait_for_service(timeout_sec=timeout_sec):\n")
                    .append("            raise RuntimeError(").append(Escape.py("service " + e.name() + " is not available")).append(")\n")
                    .append("        return self.").append(id).append(".call_async(request or ").append(e.type().name()).append(".Request())\n");
        }
        Duration timer = timerOf(n);
        if (timer != null) {
            init.append("        self.timer = self.create_timer(").append(seconds(timer)).append(", self.on_timer)\n");
            methods.append("\n    def on_timer(self):\n");
            if (pubs.isEmpty()) {
                methods.append("        self.get_logger().debug('tick')\n");
            }
            for (String p : pubs) {
                String[] a = p.split(":");
                methods.append("        self.").append(a[0]).append(".publish(").append(a[1]).append("())\n");
            }
        }
        StringBuilder f = new StringBuilder("#!/usr/bin/env python3\n");
        f.append("\"\"\"The ").append(n.name()).append(" node of the ").append(spec.name()).append(" package (generated by the Trae AWS SDK).\"\"\"\n\n");
        f.append("import rclpy\nfrom rclpy.node import Node\n");
        imports(n, false).forEach(l -> f.append(l).append('\n'));
        f.append("\n\nclass ").append(cls).append("(Node):\n\n    def __init__(self):\n        super().__init__(")
                .append(Escape.py(n.name())).append(")\n").append(init).append(methods);
        f.append("\n\ndef main(args=None):\n    rclpy.init(args=args)\n    node = ").append(cls).append("()\n")
                .append("    try:\n        rclpy.spin(node)\n    except KeyboardInterrupt:\n        pass\n")
                .append("    finally:\n        node.destroy_node()\n        rclpy.try_shutdown()\n\n\nif __name__ == '__main__':\n    main()\n");
        return f.toString();
    }

    private static String ros1PythonNode(RosNodeSpec n) {
        String cls = className(n.name());
        Set<String> used = new LinkedHashSet<>();
        StringBuilder init = new StringBuilder();
        StringBuilder methods = new StringBuilder();
        n.parameters().forEach((k, v) -> init.append("        self.").append(k.replace('.', '_')).append(" = rospy.get_param(")
                .append(Escape.py("~" + k)).append(", ").append(Escape.pyValue(v)).append(")\n"));
        List<String> pubs = new ArrayList<>();
        for (RosNodeSpec.Endpoint e : n.publishers()) {
            String id = ident(e.name(), "pub", used);
            pubs.add(id + ":" + e.type().name());
            init.append("        self.").append(id).append(" = rospy.Publisher(").append(Escape.py(e.name())).append(", ")
                    .append(e.type().name()).append(", queue_size=10)\n");
        }
        for (RosNodeSpec.Endpoint e : n.subscribers()) {
            String id = ident(e.name(), "sub", used);
            String cb = "on_" + id.substring(0, id.length() - 4);
            init.append("        self.").append(id).append(" = rospy.Subscriber(").append(Escape.py(e.name())).append(", ")
                    .append(e.type().name()).append(", self.").append(cb).append(", queue_size=10)\n");
            methods.append("\n    def ").append(cb).append("(self, msg):\n        rospy.loginfo(")
                    .append(Escape.py("received on " + e.name() + ": %s")).append(", msg)\n");
        }
        for (RosNodeSpec.Endpoint e : n.services()) {
            String id = ident(e.name(), "srv", used);
            String cb = "handle_" + id.substring(0, id.length() - 4);
            init.append("        self.").append(id).append(" = rospy.Service(").append(Escape.py(e.name())).append(", ")
                    .append(e.type().name()).append(", self.").append(cb).append(")\n");
            methods.append("\n    def ").append(cb).append("(self, request):\n        rospy.loginfo(")
                    .append(Escape.py("service " + e.name() + " called")).append(")\n        return ")
                    .append(e.type().name()).append("Response()\n");
        }
        for (RosNodeSpec.Endpoint e : n.clients()) {
            String id = ident(e.name(), "client", used);
            String m = "call_" + id.substring(0, id.length() - 7);
            init.append("        self.").append(id).append(" = rospy.ServiceProxy(").append(Escape.py(e.name())).append(", ")
                    .append(e.type().name()).append(")\n");
            methods.append("\n    def ").append(m).append("(self, request=None, timeout=5.0):\n")
                    .append("        rospy.wait_for_service(").append(Escape.py(e.name())).append(", timeout=timeout)\n")
                    .append("        return self.").append(id).append("(request or ").append(e.type().name()).append("Request())\n");
        }
        Duration timer = timerOf(n);
        if (timer != null) {
            init.append("        self.timer = rospy.Timer(rospy.Duration(").append(seconds(timer)).append("), self.on_timer)\n");
            methods.append("\n    def on_timer(self, event):\n");
            if (pubs.isEmpty()) {
                methods.append("        rospy.logdebug('tick')\n");
            }
            for (String p : pubs) {
                String[] a = p.split(":");
                methods.append("        self.").append(a[0]).append(".publish(").append(a[1]).append("())\n");
            }
        }
        if (init.length() == 0) {
            init.append("        pass\n");
        }
        StringBuilder f = new StringBuilder("#!/usr/bin/env python3\n");
        f.append("\"\"\"The ").append(n.name()).append(" node (rospy, generated by the Trae AWS SDK).\"\"\"\n\nimport rospy\n");
        imports(n, true).forEach(l -> f.append(l).append('\n'));
        f.append("\n\nclass ").append(cls).append("(object):\n\n    def __init__(self):\n").append(init).append(methods);
        f.append("\n\ndef main():\n    rospy.init_node(").append(Escape.py(n.name())).append(")\n    ").append(cls)
                .append("()\n    rospy.spin()\n\n\nif __name__ == '__main__':\n    main()\n");
        return f.toString();
    }

    private static String ros2CppNode(RosNodeSpec n) {
        String cls = className(n.name());
        Set<String> used = new LinkedHashSet<>();
        Set<String> includes = new LinkedHashSet<>();
        StringBuilder ctor = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        n.parameters().forEach((k, v) -> ctor.append("    this->declare_parameter<").append(Escape.cppType(v)).append(">(")
                .append(Escape.cpp(k)).append(", ").append(Escape.cppValue(v)).append(");\n"));
        List<String> pubs = new ArrayList<>();
        for (RosNodeSpec.Endpoint e : n.publishers()) {
            includes.add(e.type().cppHeader());
            String id = ident(e.name(), "pub", used) + "_";
            pubs.add(id + ":" + e.type().cppType());
            ctor.append("    ").append(id).append(" = this->create_publisher<").append(e.type().cppType()).append(">(")
                    .append(Escape.cpp(e.name())).append(", 10);\n");
            fields.append("  rclcpp::Publisher<").append(e.type().cppType()).append(">::SharedPtr ").append(id).append(";\n");
        }
        for (RosNodeSpec.Endpoint e : n.subscribers()) {
            includes.add(e.type().cppHeader());
            String id = ident(e.name(), "sub", used) + "_";
            ctor.append("    ").append(id).append(" = this->create_subscription<").append(e.type().cppType()).append(">(")
                    .append(Escape.cpp(e.name())).append(", 10,\n      [this](const ").append(e.type().cppType())
                    .append("::SharedPtr msg) {\n        (void)msg;\n        RCLCPP_INFO(this->get_logger(), \"%s\", ")
                    .append(Escape.cpp("received on " + e.name())).append(");\n      });\n");
            fields.append("  rclcpp::Subscription<").append(e.type().cppType()).append(">::SharedPtr ").append(id).append(";\n");
        }
        for (RosNodeSpec.Endpoint e : n.services()) {
            includes.add(e.type().cppHeader());
            String id = ident(e.name(), "srv", used) + "_";
            String t = e.type().cppType();
            ctor.append("    ").append(id).append(" = this->create_service<").append(t).append(">(").append(Escape.cpp(e.name()))
                    .append(",\n      [this](const std::shared_ptr<").append(t).append("::Request> request,\n             std::shared_ptr<")
                    .append(t).append("::Response> response) {\n        (void)request;\n        (void)response;\n")
                    .append("        RCLCPP_INFO(this->get_logger(), \"%s\", ").append(Escape.cpp("service " + e.name() + " called"))
                    .append(");\n      });\n");
            fields.append("  rclcpp::Service<").append(t).append(">::SharedPtr ").append(id).append(";\n");
        }
        for (RosNodeSpec.Endpoint e : n.clients()) {
            includes.add(e.type().cppHeader());
            String id = ident(e.name(), "client", used) + "_";
            ctor.append("    ").append(id).append(" = this->create_client<").append(e.type().cppType()).append(">(")
                    .append(Escape.cpp(e.name())).append(");\n");
            fields.append("  rclcpp::Client<").append(e.type().cppType()).append(">::SharedPtr ").append(id).append(";\n");
        }
        Duration timer = timerOf(n);
        if (timer != null) {
            ctor.append("    timer_ = this->create_wall_timer(").append(timer.toMillis()).append("ms, [this]() {\n");
            for (String p : pubs) {
                String[] a = p.split(":", 2);
                ctor.append("      ").append(a[0]).append("->publish(").append(a[1]).append("());\n");
            }
            ctor.append("    });\n");
            fields.append("  rclcpp::TimerBase::SharedPtr timer_;\n");
        }
        StringBuilder f = new StringBuilder("// The ").append(n.name()).append(" node (rclcpp, generated by the Trae AWS SDK).\n");
        f.append("#include <chrono>\n#include <memory>\n#include <string>\n\n#include \"rclcpp/rclcpp.hpp\"\n");
        includes.forEach(i -> f.append("#include \"").append(i).append("\"\n"));
        f.append("\nusing namespace std::chrono_literals;\n\nclass ").append(cls).append(" : public rclcpp::Node\n{\npublic:\n  ")
                .append(cls).append("()\n  : Node(").append(Escape.cpp(n.name())).append(")\n  {\n").append(ctor).append("  }\n\nprivate:\n")
                .append(fields).append("};\n\nint main(int argc, char ** argv)\n{\n  rclcpp::init(argc, argv);\n  rclcpp::spin(std::make_shared<")
                .append(cls).append(">());\n  rclcpp::shutdown();\n  return 0;\n}\n");
        return f.toString();
    }

    // ------------------------------------------------------------------ launch files and README

    private static String ros2Launch(RosPackageSpec s, boolean cpp) {
        StringBuilder f = new StringBuilder("\"\"\"Launches every node of ").append(s.name())
                .append(" (generated by the Trae AWS SDK).\"\"\"\n\nfrom launch import LaunchDescription\nfrom launch_ros.actions import Node\n\n\n")
                .append("def generate_launch_description():\n    return LaunchDescription([\n");
        for (RosNodeSpec n : s.nodes()) {
            f.append("        Node(\n            package=").append(Escape.py(s.name())).append(",\n            executable=")
                    .append(Escape.py(n.name())).append(",\n            name=").append(Escape.py(n.name()))
                    .append(",\n            output='screen',\n");
            if (!n.parameters().isEmpty()) {
                f.append("            parameters=[{");
                f.append(n.parameters().entrySet().stream().map(e -> Escape.py(e.getKey()) + ": " + Escape.pyValue(e.getValue()))
                        .collect(Collectors.joining(", ")));
                f.append("}],\n");
            }
            f.append("        ),\n");
        }
        return f.append("    ])\n").toString();
    }

    private static String ros1Launch(RosPackageSpec s) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<launch>\n");
        for (RosNodeSpec n : s.nodes()) {
            x.append("  <node pkg=\"").append(s.name()).append("\" type=\"").append(n.name()).append(".py\" name=\"")
                    .append(n.name()).append("\" output=\"screen\">\n");
            n.parameters().forEach((k, v) -> x.append("    <param name=\"").append(Escape.xml(k)).append("\" ")
                    .append(v instanceof String ? "type=\"str\" " : "").append("value=\"")
                    .append(Escape.xml(v instanceof Boolean ? ((Boolean) v ? "true" : "false") : String.valueOf(v))).append("\"/>\n"));
            x.append("  </node>\n");
        }
        return x.append("</launch>\n").toString();
    }

    private static String readme(RosPackageSpec s) {
        String build = s.rosVersion() == RosVersion.ROS1_PYTHON
                ? "catkin_make  # or: catkin build " + s.name() + "\nroslaunch " + s.name() + " " + s.name() + ".launch"
                : "colcon build --packages-select " + s.name() + "\nros2 launch " + s.name() + " " + s.name() + ".launch.py";
        return "# " + s.name() + "\n\n" + Escape.markdown(s.description()) + "\n\nGenerated by the Trae AWS SDK for "
                + s.rosVersion() + ". Nodes: " + s.nodes().stream().map(RosNodeSpec::name).collect(Collectors.joining(", "))
                + ".\n\n```\n" + build + "\n```\n\n## Data sources and outputs\n\nAWS Batch does not fetch a simulation's data "
                + "sources or upload its outputs. Start the container with `python3 " + SIDECAR + " run -- <your command>`: it "
                + "fetches `TRAE_DATA_SOURCES` to their destinations, runs the command, and uploads `TRAE_OUTPUT_DIR` "
                + "(default `/opt/trae/output`) to `TRAE_OUTPUT_URI/<job id>/`, also when the command fails. It needs "
                + "boto3 or the AWS CLI in the image.\n";
    }
}
