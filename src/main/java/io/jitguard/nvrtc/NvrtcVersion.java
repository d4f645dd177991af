package io.jitguard.nvrtc;

/** An NVRTC release, such as 13.3. */
public record NvrtcVersion(int major, int minor) implements Comparable<NvrtcVersion> {
  /** The first release with {@code nvrtcInstallBundledHeaders}. */
  public static final NvrtcVersion BUNDLED_HEADERS = new NvrtcVersion(13, 3);

  @Override
  public int compareTo(NvrtcVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  public boolean atLeast(NvrtcVersion o) {
    return compareTo(o) >= 0;
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
