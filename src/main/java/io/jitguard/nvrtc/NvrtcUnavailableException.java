package io.jitguard.nvrtc;

/** NVRTC could not be loaded or prepared in this environment (an environment error, exit code 3). */
public final class NvrtcUnavailableException extends RuntimeException {
  public NvrtcUnavailableException(String message) {
    super(message);
  }

  public NvrtcUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
