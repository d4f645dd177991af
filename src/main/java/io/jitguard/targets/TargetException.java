package io.jitguard.targets;

/** A target the user wrote that cannot be parsed, or that the loaded NVRTC cannot compile for. */
public final class TargetException extends RuntimeException {
  public TargetException(String message) {
    super(message);
  }
}
