package io.jitguard.nvrtc;

import java.nio.file.Path;

/**
 * The {@code libcuda.so.1} that is loaded in this process: the real NVIDIA driver, or jitguard's
 * empty placeholder on a machine without one.
 */
public record DriverLibrary(Path path, boolean placeholder) {
  public boolean realDriver() {
    return !placeholder;
  }
}
