package dev.trae.aws.robotics.ros;

/** Which ROS generation and client library a package targets. */
public enum RosVersion {
    /** ROS 1 with rospy (catkin). */
    ROS1_PYTHON,
    /** ROS 2 with rclpy (ament_python). */
    ROS2_PYTHON,
    /** ROS 2 with rclcpp (ament_cmake). */
    ROS2_CPP
}
