package dev.trae.aws.robotics.model;

/** The ROS generation an application is launched with (see {@link Application#launchCommand()}). */
public enum RosGeneration {
    /** ROS 1 (Noetic): {@code roslaunch}, catkin, rospy. */
    ROS1,
    /** ROS 2 (Humble and later): {@code ros2 launch}, ament, rclpy/rclcpp. */
    ROS2
}
