package io.jitguard.nvrtc;

/** An NVRTC release, such as 13.3. */
public record NvrtcVersion(int major, int minor) implements Comparable<NvrtcVersion> {
  /** The first release with {@code nvrtcInstallBundledHeaders}. */
  public static final NvrtcVersion BUNDLED_HEADERS = new NvrtcVersion(13, 3);
  /**
   * The first release measured to compile in parallel within one process (1.97x at 2 jobs on 2
   * cores); 13.0 runs one compile at a time per process whatever the threads (BENCHMARKS.md).
   */
  public static final NvrtcVersion PARALLEL_IN_PROCESS = new NvrtcVersion(13, 3);

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
